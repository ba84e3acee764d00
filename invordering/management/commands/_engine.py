"""What run_escalatie and run_verrekening share: options, running, the report."""

from __future__ import annotations

from django.core.management.base import CommandError

from invordering.services.verwerking import VerwerkingGeweigerd, voer_uit


def voeg_opties_toe(parser) -> None:
    parser.add_argument(
        "--workers",
        action="store_true",
        help="split the run over the Celery workers and wait for them (default: inline)",
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds to wait for the workers"
    )


def draai(command, soort: str, dag, *, workers: bool, timeout: float) -> None:
    try:
        verwerking = voer_uit(
            soort,
            dag=dag,
            via_workers=workers,
            door="command",
            timeout=timeout,
            melding=command.stderr.write,
        )
    except (VerwerkingGeweigerd, TimeoutError) as exc:
        raise CommandError(str(exc)) from None
    duur = verwerking.duur.total_seconds() if verwerking.duur else 0
    command.stdout.write(
        f"{verwerking.get_soort_display()} {verwerking.dag}: {verwerking.get_status_display()}, "
        f"{verwerking.verwerkt} vorderingen in {verwerking.aantal_delen} chunks, {duur:.1f} s, "
        f"regime {verwerking.regime}"
    )
    for uitkomst, aantal in verwerking.uitkomsten.items():
        command.stdout.write(f"  {uitkomst}: {aantal}")
    if verwerking.fouten:
        raise CommandError(
            f"{verwerking.fouten} errors; the admin (engine runs, run {verwerking.pk}) lists them."
        )
