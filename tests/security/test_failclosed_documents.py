"""Stateless web nodes: repair/objection documents live in the database, so a node that did not
receive the upload (another disk, another upload folder) serves it; migration 0014 copies the
documents stored before it from the upload folder. On both databases."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select, text

from tests.support.admin import create_operator, sign_in
from tests.support.apps import extra_app
from xinyong.records.clock import today_local
from xinyong.records.migrate import alembic_config
from xinyong.records.models import Penalty, ProcedureBlob, ProcedureDocument
from xinyong.records.procedures.cases import OBJECTION, Application, submit
from xinyong.records.procedures.uploads import path_of, store_document

PDF = b"%PDF-1.4\n% a supporting document\n%%EOF\n"
PASSWORD = "Correct-Horse-9-Battery"


def test_a_document_uploaded_on_one_node_is_served_by_another(
    do_import, session_factory, settings, runner, tmp_path
):
    do_import("penalties-current.csv")
    with session_factory() as s:
        penalty = s.scalar(select(Penalty).where(Penalty.publication_state == "公示中"))
        stored = store_document(s, "更正材料.pdf", PDF)
        case, _ = submit(
            s,
            OBJECTION,
            penalty,
            Application("王经理", "027-88886666", "处罚决定书文号有误，请核实更正。", "信息错误"),
            [stored],
            today_local(),
        )
        s.commit()
        case_id, doc_id = case.id, s.scalar(select(ProcedureDocument.id))
    assert not settings.uploads.exists() or not any(settings.uploads.rglob("*"))  # no disk
    create_operator(runner, "admin", password=PASSWORD)
    other = settings.with_overrides(
        instance_dir=tmp_path / "node-b", upload_dir=tmp_path / "node-b" / "uploads"
    )
    with extra_app(other) as node_b:
        client = node_b.test_client()
        assert sign_in(client, "admin", PASSWORD).status_code == 302
        served = client.get(f"/admin/cases/{case_id}/documents/{doc_id}")
        assert served.status_code == 200 and served.get_data() == PDF
        served.close()


def test_migration_0014_moves_stored_files_into_the_database(settings, engine, monkeypatch):
    monkeypatch.setenv("XINYONG_UPLOAD_DIR", str(settings.uploads))
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    import hashlib

    digest = hashlib.sha256(PDF).hexdigest()
    path = path_of(settings.uploads, digest)
    path.parent.mkdir(parents=True)
    path.write_bytes(PDF)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO procedure_cases (id, kind, code_hash, entity, record_id, status, "
                "applicant, contact_name, contact_phone, statement, submitted_on, accept_by, "
                "created_at) VALUES (1, 'objection', :h, 'penalty', 1, '已提交', '某公司', '甲', "
                "'027-1234567', '理由', '2026-11-02', '2026-11-04', '2026-11-02 10:00:00')"
            ),
            {"h": "e" * 64},
        )
        c.execute(
            text(
                "INSERT INTO procedure_documents (case_id, filename, media_type, size, "
                "sha256) VALUES (1, 'a.pdf', 'application/pdf', :n, :d)"
            ),
            {"n": len(PDF), "d": digest},
        )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as c:
        assert c.execute(select(ProcedureBlob.data).where(ProcedureBlob.sha256 == digest)).scalar_one() == PDF
