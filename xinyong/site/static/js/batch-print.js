/* The batch check's print page: the 打印 button prints the table (print CSS hides the rest). */
(function () {
  "use strict";
  var button = document.getElementById("print-batch");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
