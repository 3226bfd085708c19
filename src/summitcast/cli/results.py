"""Commands that produce results from the ledger: report, score, compare, pull, fit, export."""

from __future__ import annotations

from pathlib import Path

import click

from summitcast.cli.base import (
    _complete_ids,
    _emit_json,
    _json_option,
    _suffix,
    _today,
    _ws,
    cli,
)

# ------------------------------------------------------------------------------------------- report


@cli.command()
@click.option(
    "--week",
    help="ISO week YYYY-Www (default: the current week so far, as of today, as show gives it today).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=lambda ctx, param, value: _suffix(param, value, (".pdf",)),
    help="A .pdf path (default reports/YYYY-Www.pdf).",
)
@click.option(
    "--png",
    "png_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write each figure as PNG here.",
)
@_json_option
@click.pass_context
def report(
    ctx: click.Context, week: str | None, out: Path | None, png_dir: Path | None, as_json: bool
) -> None:
    """The weekly PDF report: forecasts as of the end of the week's Sunday, or, for the current week (the
    default), as of the end of today (the week so far; the numbers show gives today).

    The first page says which day the forecasts are as of.

    \b
    Example:
      summitcast report --week 2025-W44 --out reports/2025-W44.pdf
    """
    from summitcast.render.report import build_report

    result = build_report(
        _ws(ctx), week, out, today=_today(ctx), png_dir=png_dir, progress=not as_json
    )
    _emit_json(result.to_json()) if as_json else click.echo(result.summary())


# ------------------------------------------------------------------------------------------ scoring

# Existence is checked when the file is read: a missing file is a domain error (exit 1), like a bad one.
_FILE = click.Path(dir_okay=False, path_type=Path)


@cli.command()
@click.option(
    "--questions",
    "questions_csv",
    required=True,
    type=_FILE,
    help="CSV: id, opens, closes, outcome[, resolved].",
)
@click.option(
    "--ours", "ours_csv", required=True, type=_FILE, help="CSV: id, timestamp, probability."
)
@click.option("--community", "community_csv", type=_FILE, help="CSV: id, timestamp, probability.")
@_json_option
def score(questions_csv: Path, ours_csv: Path, community_csv: Path | None, as_json: bool) -> None:
    """Metaculus-style scores (Brier, log, baseline, peer) for many questions.

    Without --community, the series that `summitcast pull` saved in DIR (ID.community.csv) are the community
    series of the questions that have one.

    \b
    Example:
      summitcast score --questions questions.csv --ours ours.csv --community crowd.csv
    """
    from summitcast.evaluation.comparison import score_files

    ws = _ws(click.get_current_context())
    report = score_files(
        questions_csv,
        ours_csv,
        community_csv,
        community_ws=ws if community_csv is None and ws.root.is_dir() else None,
    )
    from summitcast.render.scores import render_score_report

    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    _emit_json(report.to_json()) if as_json else click.echo(render_score_report(report))


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option(
    "--community",
    "community_path",
    type=_FILE,
    help="Metaculus post JSON, or CSV: timestamp, probability. Default: DIR/ID.community.csv (pull).",
)
@click.option(
    "--outcome", type=click.Choice(["yes", "no"]), help="Default: the question's resolution."
)
@click.option(
    "--ours",
    "ours_csv",
    type=_FILE,
    help="Score this CSV series instead of the recorded forecasts.",
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=lambda ctx, param, value: _suffix(param, value, (".png", ".pdf", ".svg")),
    help="Draw both series to this file (.png, .pdf or .svg).",
)
@_json_option
@click.pass_context
def compare(
    ctx: click.Context,
    question_id: str,
    community_path: Path | None,
    outcome: str | None,
    ours_csv: Path | None,
    plot_path: Path | None,
    as_json: bool,
) -> None:
    """Our recorded forecasts against a community series, with Metaculus's scores.

    \b
    Example:
      summitcast compare trump-kim-2025 --community post_34277.json --outcome no --plot cmp.png
    """
    from summitcast.evaluation.comparison import compare_recorded

    result = compare_recorded(
        _ws(ctx), question_id, community_path, outcome=outcome, ours_csv=ours_csv
    )
    if plot_path is not None:
        from summitcast.render.plotting import save_comparison_plot

        save_comparison_plot(result, plot_path)
    from summitcast.render.scores import render_compare

    _emit_json(result.to_json()) if as_json else click.echo(render_compare(result))
    if plot_path is not None and not as_json:
        click.echo(f"plot: {plot_path}")


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option(
    "--metaculus", "post", metavar="POST", help="A Metaculus post id (needs $METACULUS_TOKEN)."
)
@click.option("--manifold", metavar="MARKET", help="A Manifold market id or slug.")
@click.option("--polymarket", metavar="MARKET", help="A Polymarket market slug or condition id.")
@_json_option
@click.pass_context
def pull(
    ctx: click.Context,
    question_id: str,
    post: str | None,
    manifold: str | None,
    polymarket: str | None,
    as_json: bool,
) -> None:
    """Fetch a community or market series and save it as DIR/ID.community.csv.

    Give exactly one source. A provenance sidecar DIR/ID.community.json records where and when it came from;
    compare and the report then use the series. This is the only command that uses the network. Each request
    has one overall deadline, 30 s unless $SUMMITCAST_PULL_TIMEOUT says otherwise (seconds).

    \b
    Example:
      METACULUS_TOKEN=... summitcast pull johnson-speaker --metaculus 34277
      summitcast pull johnson-speaker --polymarket MARKET-SLUG
    """
    from summitcast.app.pull import pull_series

    sources = {"metaculus": post, "manifold": manifold, "polymarket": polymarket}
    given = [(source, ref) for source, ref in sources.items() if ref is not None]
    if len(given) != 1:
        raise click.UsageError(
            "give exactly one of --metaculus POST, --manifold MARKET, --polymarket MARKET"
        )
    result = pull_series(_ws(ctx), question_id, *given[0])
    _emit_json(result.to_json()) if as_json else click.echo(result.summary())


# ---------------------------------------------------------------------------------------- learning


@cli.command()
@click.option(
    "--draws",
    type=int,
    default=1000,
    show_default=True,
    help="Posterior draws per chain.",
)
@click.option("--chains", type=int, default=2, show_default=True, help="Markov chains.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--tune",
    type=int,
    default=500,
    show_default=True,
    help="Tuning steps per chain.",
)
@click.option(
    "--sampler",
    type=click.Choice(["pymc", "nutpie"]),
    default="pymc",
    show_default=True,
    help="NUTS implementation (nutpie is an optional extra).",
)
@click.option(
    "--apply",
    "apply_fit",
    is_flag=True,
    help="Use the fit for forecasts even where the resolved data is too thin to move it.",
)
@_json_option
@click.pass_context
def fit(
    ctx: click.Context,
    draws: int,
    chains: int,
    seed: int,
    tune: int,
    sampler: str,
    apply_fit: bool,
    as_json: bool,
) -> None:
    """Learn the rubric's numbers from the resolved events (PyMC): how far each kind of source is to
    be believed, each occasion kind's chance, and the rate of the 'floated' prior rule.

    Stores the posterior draws in DIR/.summitcast/reliability.npz; later forecasts use them for items
    without an explicit reliability, occasions without an explicit chance (of a kind the data
    informed) and events whose prior names the rule (when some resolved event did), unless the
    data were too thin to move them (fewer than 10 resolved events, or no learned number narrowed
    by 25%): then the fit is saved but not applied, and --apply applies it anyway.

    \b
    Example:
      summitcast fit --draws 1000 --chains 2 --seed 1
    """
    ws = _ws(ctx)
    ws.check_inside(ws.fit_path)  # the stored fit is never written through a linked .summitcast/
    from summitcast.fit import fit_reliability

    result = fit_reliability(
        ws.root,  # the fit (being rewritten on its own branch) still takes the folder
        draws=draws,
        chains=chains,
        seed=seed,
        tune=tune,
        sampler=sampler,
        progressbar=not as_json,
        apply=apply_fit,
    )
    _emit_json(result.to_json()) if as_json else click.echo(result.render_text())


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write questions.csv and forecasts.csv into.",
)
@_json_option
@click.pass_context
def export(ctx: click.Context, out_dir: Path | None, as_json: bool) -> None:
    """Every resolved question and every recorded forecast as CSV, in the shape that score reads.

    \b
    Example:
      summitcast export --out track-record/
      summitcast score --questions track-record/questions.csv --ours track-record/forecasts.csv
    """
    from summitcast.app.export import export as run_export

    if out_dir is None and not as_json:
        raise click.UsageError("give --out DIR (writes questions.csv and forecasts.csv), or --json")
    result = run_export(_ws(ctx), out_dir)
    if as_json:
        _emit_json(result.to_json())
        return
    n_q, n_f = (
        len(result.questions),
        sum(1 for f in result.forecasts if f["probability"] is not None),
    )
    click.echo(f"wrote {result.written[0]} ({n_q} resolved questions)")
    click.echo(f"wrote {result.written[1]} ({n_f} recorded forecasts)")
    if result.others:
        click.echo(f"  ({len(result.others)} open or annulled questions are not in questions.csv)")
