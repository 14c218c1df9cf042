"""`xinyong push …`: batches of changed records for the city platform, in the national layout."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from xinyong.records.audit import log_action
from xinyong.records.clock import to_local
from xinyong.records.models import PushBatch
from xinyong.records.push import acknowledge, export_batch
from xinyong.web.database import database


@click.group("push", help="Push changed records to the city credit platform (national layout).")
def push_group() -> None:
    pass


@push_group.command("export", help="Write the next batch of changed records as CSV files.")
@click.option("--target", default="city", show_default=True, help="Receiving platform.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@with_appcontext
def export_command(target: str, out_dir: Path) -> None:
    with database().factory() as session:
        batch = export_batch(session, target, out_dir)
        if batch is None:
            click.echo("自上次报送以来没有新的变更")
            return
        log_action(
            session,
            "cli",
            "push_export",
            f"push_batch:{batch.id}",
            after={"target": target, "counts": batch.counts},
        )
        session.commit()
        counts = "，".join(f"{entity} {n}" for entity, n in batch.counts.items())
        click.echo(f"报送批次 {batch.id}：{counts}；文件：{', '.join(batch.files)}")


@push_group.command("ack", help="Record that the platform confirmed a batch.")
@click.argument("batch_id", type=int)
@with_appcontext
def ack_command(batch_id: int) -> None:
    with database().factory() as session:
        if acknowledge(session, batch_id) is None:
            raise click.ClickException(f"没有报送批次 {batch_id}")
        log_action(session, "cli", "push_ack", f"push_batch:{batch_id}")
        session.commit()
    click.echo(f"报送批次 {batch_id} 已确认接收")


@push_group.command("list", help="Batches, newest first.")
@click.option("--target", default="city", show_default=True)
@with_appcontext
def list_command(target: str) -> None:
    with database().factory() as session:
        batches = session.scalars(
            select(PushBatch).where(PushBatch.target == target).order_by(PushBatch.id.desc()).limit(50)
        ).all()
        if not batches:
            click.echo(f"还没有报送批次（{target}）。用 xinyong push export 生成。")
        for b in batches:
            state = "已确认" if b.acknowledged_at else "待确认"
            when = to_local(b.created_at).strftime("%Y-%m-%d %H:%M")
            click.echo(f"{b.id}  {when}  {state}  {sum(b.counts.values())} 条")
