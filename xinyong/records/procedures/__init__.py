"""信用修复 and 异议: the repair and objection cases and their supporting documents."""
