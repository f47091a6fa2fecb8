"""Build `instances/derbyshire-stp-2016/` from the seed facts, the assumptions and the catalogue.

    python instances/derbyshire-stp-2016/calibration/calibrate.py [OUTPUT_FOLDER]

Three steps are fitted with the project's own evaluator, so the instance is calibrated by the
same arithmetic the optimiser uses:

1. phasing — the years' scales of interventions the seed phases only loosely are fitted to the
   delivery plan's bed reductions (200 by 2017/18, 300 by 2018/19; 004:4141-4157);
2. money — one cost factor per care priority (place, prevention, urgent care) and one saving rate
   per scheme-based priority (efficiency, other) make the planned mix net the seed's £20m, £5m,
   £18m, £124m and £55m (004:5291-5345, 3636);

The workforce limits are not fitted: staff available and hiring limits per place and group come
from the seed's workforce figures and stated assumptions (`workforce_table`).
"""

from __future__ import annotations

import math
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import tomli_w

HERE = Path(__file__).resolve().parent
INSTANCE = HERE.parent
sys.path.insert(0, str(HERE))

import assumptions as assumed  # noqa: E402
import finance  # noqa: E402
import seed_facts as seed  # noqa: E402
import tables  # noqa: E402
from assumptions import assume  # noqa: E402
from catalogue import Spec, catalogue  # noqa: E402
from seed_facts import cite  # noqa: E402

from optimiser.analysis.evaluate import evaluate_plan  # noqa: E402
from optimiser.instance.container import Instance  # noqa: E402
from optimiser.instance.load import load_instance  # noqa: E402
from optimiser.instance.write import write_folder  # noqa: E402
from optimiser.results.summary import summarise  # noqa: E402
from optimiser.solvers.highs import new_highs  # noqa: E402

YEARS = assumed.YEARS
FITTED = ("condition", "prevention", "step_down_community", "gp_triage", "ucc", "mental_health", "dementia")
FIT_PRIOR = {"2017/18": 0.3, "2018/19": 0.6}
SETTINGS = ("acute_nel", "community", "mh_adult", "mh_dementia")
PRIORITY_TARGETS = {
    **{key: value for key, (value, _) in seed.NET_IMPACT.items()},
    "other": seed.TOTAL_NET_BENEFIT[0] - sum(value for value, _ in seed.NET_IMPACT.values()),
}
#: Care priorities fitted by one number each (prevention's and urgent care's unit costs scaled by a
#: factor; place-based care's case-management care-home saving per person); the scheme-based
#: priorities' remainders are fixed contributions (`finance.residual_contributions`).
CALIBRATED = ("place", "prevention", "urgent_care")


def distribution(spec: Spec, beds: pd.DataFrame) -> pd.Series:
    """How the target scale spreads over locations (shares summing to 1)."""
    population = pd.Series(assumed.PLACE_POPULATION, dtype=float)
    if spec.level == "system":
        return pd.Series({"system": 1.0})
    if spec.where == "each":
        return pd.Series(1.0 / len(population), index=population.index)
    if spec.where == "north":
        north = population[list(assumed.NORTH_PLACES)]
        return north / north.sum()
    if spec.where == "ucc":
        acute = beds.set_index(["site", "setting"])["baseline_beds"]
        sites = pd.Series({site: acute[(site, "acute_nel")] for site in assumed.UCC_CAPITAL})
        return sites / sites.sum()
    return population / population.sum()


def phasing_of(spec: Spec, fitted: dict[str, dict[str, float]]) -> np.ndarray:
    """Share of the target scale reached in each year."""
    if isinstance(spec.phasing, tuple):
        return np.array(spec.phasing)
    if spec.phasing == "step_up":
        seed_steps = seed.STEP_UP_ADMISSIONS
        values = [seed_steps["2017/18"][0], seed_steps["2018/19"][0]]
        final = seed_steps["2020/21"][0]
        return np.array([values[0] / final, values[1] / final, (values[1] / final + 1) / 2, 1.0])
    if spec.phasing == "step_down_acute":
        episodes = [seed.STEP_DOWN_EPISODES[year][0] for year in ("2017/18", "2018/19")]
        episodes = [*episodes, (episodes[1] + 10000) / 2, 10000]
        community = phasing_of_group("step_down_community", fitted) * 1457
        return (np.array(episodes) - community) / 8543
    return phasing_of_group(str(spec.phasing), fitted)


def phasing_of_group(group: str, fitted: dict[str, dict[str, float]]) -> np.ndarray:
    if group == "fitted":
        group = "condition"
    first, second = fitted[group]["2017/18"], fitted[group]["2018/19"]
    return np.array([first, second, (second + 1.0) / 2, 1.0])


def per_unit_effects(
    spec: Spec, share: pd.Series, demand: pd.DataFrame
) -> list[tuple[str, str, float, str, str]]:
    """Effect rows (effect, key, value, unit, source) per unit of scale."""
    rows = []
    for cohort, admissions in spec.admissions.items():
        rows.append(
            (
                "admissions_avoided",
                cohort,
                admissions / spec.target,
                "admissions",
                f"{spec.beds_source}; {seed.cite(5868, 'cohort split by assumption')}"
                if spec.beds_source
                else spec.source,
            )
        )
    for setting, beds in spec.beds.items():
        users = demand[(demand["setting"] == setting) & (demand["baseline_bed_days"] > 0)]["place"]
        reach = share[share.index.isin(users)].sum() if spec.level == "place" else 1.0
        bed_days = beds * tables.DAYS * tables.OCCUPANCY[setting] / (spec.target * reach)
        note = (
            f"; {cite(5362, 'acute beds counted at 95% as the seed counts them')}"
            if setting == "acute_nel"
            else ""
        )
        rows.append(("bed_days_avoided", setting, bed_days, "bed-days", spec.beds_source + note))
    if spec.direct_gbp or spec.fitted_saving:
        rows.append(("direct_saving", "", spec.direct_gbp, "GBP", spec.direct_source))
    if spec.cost_gbp:
        rows.append(("revenue_cost", "", spec.cost_gbp, "GBP", spec.cost_source))
    if spec.capital_gbp:
        rows.append(("capital", "", spec.capital_gbp, "GBP", spec.capital_source))
    for group, wte in spec.wte.items():
        rows.append(
            ("wte", group, wte / spec.target, "WTE", assume("WTE per unit; see catalogue.WTE_REASON"))
        )
    return rows


def plan_tables(
    specs: tuple[Spec, ...],
    fitted: dict[str, dict[str, float]],
    money: dict[str, float],
    base: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """interventions, effects, eligibility, planned_mix and services for given phasing and money factors."""
    interventions, effects, eligibility, plan = [], [], [], []
    shares = {}
    for spec in specs:
        interventions.append(
            (
                spec.intervention,
                spec.name,
                spec.priority,
                spec.level,
                spec.unit,
                _ramp(spec, fitted),
                spec.bridge,
                spec.source,
            )
        )
        share = distribution(spec, base["site_beds"])
        shares[spec.intervention] = share
        for effect, key, value, unit, source in per_unit_effects(spec, share, base["demand"]):
            value = _scaled(spec, effect, value, money)
            effects.append((spec.intervention, effect, key, value, unit, source))
        phasing = phasing_of(spec, fitted)
        for location, fraction in share.items():
            target = spec.target * fraction
            eligibility.append(
                (
                    spec.intervention,
                    location,
                    0.0,
                    eligible_scale(spec) * fraction,
                    cap_source(spec),
                )
            )
            for year, step in zip(YEARS, phasing, strict=True):
                plan.append(
                    (
                        "planned",
                        spec.intervention,
                        location,
                        year,
                        target * step,
                        f"{spec.source}; {spec.phasing_source}",
                    )
                )
    services = [
        (f"ucc_{site}", site, "ucc_streaming", capital, assumed.UCC_REASON)
        for site, capital in assumed.UCC_CAPITAL.items()
    ]
    return {
        "interventions": pd.DataFrame(
            interventions,
            columns=[
                "intervention",
                "name",
                "priority",
                "level",
                "scale_unit",
                "ramp_limit",
                "bridge",
                "source",
            ],
        ).assign(source_ramp_limit=RAMP_REASON),
        "effects": pd.DataFrame(
            effects, columns=["intervention", "effect", "key", "value", "unit", "source"]
        ),
        "eligibility": pd.DataFrame(
            eligibility, columns=["intervention", "location", "min_scale", "max_scale", "source"]
        ),
        "commitments": finance.commitments(specs, shares),
        "planned_mix": pd.DataFrame(
            plan, columns=["plan", "intervention", "location", "year", "scale", "source"]
        ),
        "services": pd.DataFrame(
            services, columns=["service", "site", "intervention", "fixed_capital_gbp", "source"]
        ),
    }


def _scaled(spec: Spec, effect: str, value: float, money: dict[str, float]) -> float:
    if effect == "revenue_cost" and spec.cost_rule == "calibrated":
        return value * money[spec.priority]
    if effect == "direct_saving" and spec.fitted_saving:
        return money[spec.priority] * 1e6
    return value


def _ramp(spec: Spec, fitted: dict[str, dict[str, float]]) -> float:
    """The plan's fastest yearly step as a share of max scale, plus five points (at most 1)."""
    phasing = phasing_of(spec, fitted)
    steps = np.diff(np.concatenate([[0.0], phasing]))
    most = eligible_scale(spec) / spec.target
    return float(min(1.0, np.ceil((steps.max() / most + 0.05) * 20) / 20))


def headroom(spec: Spec) -> float:
    """Most scale as a multiple of the STP's target-year scale.

    A scheme acting on a spend can act on no more spend than exists, and its target is that whole
    spend, so it has no headroom. Other schemes may go beyond the STP's ambition by the assumed
    headroom; so may a commitment (its yearly floors are in `commitments.csv`), so that its floor
    is never also its ceiling.
    """
    return 1.0 if spec.spend_in_scope else assumed.HEADROOM


def eligible_scale(spec: Spec) -> float:
    """The most scale, whole system: the headroom over the STP's target, never past the scheme's
    physical scope (the people it draws on)."""
    most = spec.target * headroom(spec)
    return most if spec.scope is None else min(most, spec.scope[0])


def cap_source(spec: Spec) -> str:
    """Where an intervention's eligible scale comes from, and which physical scope bounds it."""
    if spec.mandated:
        return f"{spec.mandate_source}; {assumed.HEADROOM_REASON}"
    if spec.spend_in_scope:
        return f"{spec.source}; {SPEND_CAP}"
    if spec.scope is not None:
        people, line = spec.scope
        if spec.target * headroom(spec) >= people:
            return f"{line}; " + assume(
                "capped at the people it draws on, below the STP's ambition plus headroom"
            )
        return f"{assumed.HEADROOM_REASON}; {line}; " + assume(
            f"within the people it draws on: {spec.target * headroom(spec):,.0f} of {people:,.0f}"
        )
    # Admissions, episodes and bed-days avoided are bounded physically by the model's own rows.
    return f"{assumed.HEADROOM_REASON}; {PHYSICAL_ROWS}"


#: The ramp limits stay derived from the plan: the seed gives none.
RAMP_REASON = assume(
    "plan-derived: the STP's fastest yearly step plus five points of the largest scale; the seed "
    "gives no limit on how fast a scheme can grow"
)
#: Where the physical scope of a scheme counted in admissions, episodes or bed-days is held.
PHYSICAL_ROWS = assume(
    "its physical scope is held by the model's rows: admissions avoided within each cohort's "
    "admissions (cohort_cap), bed-days within the evidence share of each setting (evidence_cap)"
)
#: Why a spend-in-scope scheme's cap is its spend: the spend is the physical scope, not an ambition.
SPEND_CAP = assume("a scheme acts on no more than the spend in its scope, so its cap is that spend")


def document(fixed: list[dict[str, object]]) -> dict[str, object]:
    """instance.toml."""
    totals = seed.TOTAL_BEDS
    targets = [
        {
            "setting": "acute_nel",
            "year": "2020/21",
            "beds": float(seed.ACUTE_TARGET[0]),
            "source": cite(seed.ACUTE_TARGET[1]),
        },
        {"setting": "community", "year": "2020/21", "beds": 125.0, "source": cite(5749)},
        {"setting": "mh_adult", "year": "2020/21", "beds": 147.0, "source": cite(5768)},
        {"setting": "mh_dementia", "year": "2020/21", "beds": 30.0, "source": cite(5769)},
        {
            "setting": "total",
            "year": "2020/21",
            "beds": float(totals["target"][0]),
            "source": cite(totals["target"][1]),
        },
    ]
    targets += setting_trajectory()
    for year, line in (("2017/18", 4141), ("2018/19", 4153)):
        fewer = seed.TRAJECTORY_TOTALS[year]
        targets.append(
            {
                "setting": "total",
                "year": year,
                "beds": float(totals["baseline"][0] - fewer),
                "source": f"{cite(line, f'{fewer} fewer beds than the 1,771 baseline')}; {cite(5404)}",
            }
        )
    return {
        "name": "derbyshire-stp-2016",
        "title": "Derbyshire STP 2016: the £219m gap and 1,968 → 1,236 beds",
        "description": (
            "The Derbyshire Sustainability and Transformation Plan (October 2016) as a planning "
            "instance: 21 places, two acute hospitals and out-of-area care, community and "
            "mental-health beds, the STP's interventions at their planned scale and phasing."
        ),
        "baseline_year": assumed.BASELINE_YEAR,
        "years": list(YEARS),
        "target_year": "2020/21",
        "gap": finance.yearly_gap(),
        "bed_targets": targets,
        "capital": [
            {"year": year, "budget_gbpm": budget, "source": assumed.CAPITAL_REASON}
            for year, budget in assumed.CAPITAL_BUDGET.items()
        ],
        "fixed_contributions": fixed,
        "parameters": {
            "capital_charge_rate": {
                "value": assumed.CAPITAL_CHARGE_RATE,
                "source": assumed.CAPITAL_CHARGE_REASON,
            },
            "discount_rate": {"value": assumed.DISCOUNT_RATE, "source": assumed.DISCOUNT_REASON},
            "safe_occupancy": {
                "value": assumed.MH_SAFE_OCCUPANCY,
                "source": assumed.MH_SAFE_OCCUPANCY_REASON,
            },
        },
        "investment_band": {
            "min_gbpm": 1.0,
            "max_gbpm": 3.0,
            "priorities": ["place"],
            "year": "2020/21",
            "source": cite(1586, "c.£1-3m per place"),
        },
    }


#: Years whose delivery-plan beds by setting are targets. Mar-19's settings add to 303 where the seed
#: quotes 300 (004:4153), and adult MH's 33 fewer cannot be had without taking acute well past its 180
#: (the services that avoid adult MH beds avoid acute beds too), so Mar-19 is held to its total alone.
SETTING_TARGET_YEARS = ("2017/18",)


def setting_trajectory() -> list[dict[str, object]]:
    """Bed targets by setting for Mar-18 (the delivery plan, 004:4141), and the total for Mar-20,
    which the seed does not give: midway between Mar-19 and Mar-21, so that no year carries a cliff
    the seed's own trajectory does not have."""
    targets: list[dict[str, object]] = []
    for year, line in (("2017/18", 4141),):
        for setting, fewer in seed.trajectory(year).items():
            baseline, baseline_line = seed.SETTING_BASELINE[setting]
            if fewer == 0:
                continue
            note = f"{fewer} fewer {setting} beds than the baseline"
            source = f"{cite(line, note)}; {cite(baseline_line, f'baseline {baseline:,}')}"
            targets.append(
                {"setting": setting, "year": year, "beds": float(baseline - fewer), "source": source}
            )
    total = seed.TOTAL_BEDS["baseline"][0]
    march_19 = total - seed.TRAJECTORY_TOTALS["2018/19"]
    march_21 = seed.TOTAL_BEDS["target"][0]
    targets.append(
        {
            "setting": "total",
            "year": "2019/20",
            "beds": (march_19 + march_21) / 2,
            "source": f"{cite(4153, f'{march_19:,} by Mar-19')}; "
            f"{cite(seed.TOTAL_BEDS['target'][1], f'{march_21:,} by Mar-21')}; "
            + assume("Mar-20 midway between them; the seed gives no figure for Mar-20"),
        }
    )
    return targets


#: Significant digits kept in generated numbers: far beyond the data's precision, and few enough
#: that every value survives a workbook (which keeps 15-16 digits) unchanged.
SIGNIFICANT_DIGITS = 12


def rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every float rounded to `SIGNIFICANT_DIGITS` significant digits."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [float(f"{value:.{SIGNIFICANT_DIGITS}g}") for value in out[column]]
    return out


def assemble(folder: Path, tables_: dict[str, pd.DataFrame], config: dict[str, object]) -> Instance:
    """Write raw tables to `folder`, then load them through the project's validator."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "instance.toml").write_text(tomli_w.dumps(config), encoding="utf-8")
    for name, frame in tables_.items():
        rounded(frame).to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return load_instance(folder)


def reductions(instance: Instance) -> pd.DataFrame:
    """Beds needed fewer than baseline, by year and setting, for the planned mix.

    Beds needed (not beds open, which stop at the baseline) keep the map linear in the phasing.
    """
    evaluation = evaluate_plan(instance)
    summary = summarise(
        instance, evaluation.data, evaluation.model, evaluation.x, evaluation.violations, "plan"
    )
    by_site = summary.beds_by_site
    fewer = (by_site["baseline"] - by_site["needed"]).groupby([by_site["year"], by_site["setting"]]).sum()
    return fewer.unstack("setting")


def fit_phasing(build: Callable[..., Instance]) -> dict[str, dict[str, float]]:
    """Fit the loosely phased groups to the delivery plan's bed reductions for 2017/18 and 2018/19.

    Bed reductions are linear in the groups' phasing, so one evaluation with every group at zero and
    one per group at one give the whole map; each year is then a small bounded least-squares fit.
    """
    zero = {group: {"2017/18": 0.0, "2018/19": 0.0} for group in FITTED}
    instance = build(zero)
    base = reductions(instance)
    model_baseline = float(instance.site_beds["baseline_beds"].sum())
    by_setting = instance.site_beds.groupby("setting")["baseline_beds"].sum()
    # The model's baseline beds by setting less the seed's (acute: 1,332 over three sites against
    # the seed's rounded 1,331), so that reductions reach the seed's bed counts.
    excess = np.array([by_setting[setting] - seed.SETTING_BASELINE[setting][0] for setting in SETTINGS])
    columns = [
        reductions(build({**zero, group: {"2017/18": 1.0, "2018/19": 1.0}})) - base for group in FITTED
    ]
    fitted: dict[str, dict[str, float]] = {group: {} for group in FITTED}
    lower = np.zeros(len(FITTED))
    for year in ("2017/18", "2018/19"):
        targets = seed.trajectory(year)
        jacobian = np.array([[column.loc[year, setting] for column in columns] for setting in SETTINGS])
        offset = np.array([base.loc[year, setting] for setting in SETTINGS])
        wanted = np.array([targets[setting] for setting in SETTINGS], dtype=float)
        # Beds open in total may not exceed the year's target (1,771 less the seed's reduction), with
        # half a bed to spare.
        least_reduction = (
            model_baseline - (seed.TOTAL_BEDS["baseline"][0] - seed.TRAJECTORY_TOTALS[year]) + 0.5
        )
        upper = np.ones(len(FITTED))
        lower = lower.copy()
        if year == "2017/18":
            upper[FITTED.index("ucc")] = 0.0  # co-located UCCs come in 2018/19 (004:4149)
        else:
            lower[FITTED.index("ucc")] = max(lower[FITTED.index("ucc")], 0.3)
        # Where the instance holds a setting to the delivery plan's beds (Mar-18, see
        # `setting_trajectory`), the fit reaches them; elsewhere it only keeps under the baseline.
        floors = (
            np.maximum(0.01, wanted + excess) if year in SETTING_TARGET_YEARS else np.full(len(wanted), 0.01)
        )
        values = _fit_year(
            jacobian, offset, (wanted, floors), least_reduction, (lower, upper), FIT_PRIOR[year]
        )
        for group, value in zip(FITTED, values, strict=True):
            fitted[group][year] = float(value)
        lower = values
    return fitted


def _fit_year(
    jacobian: np.ndarray,
    offset: np.ndarray,
    reductions: tuple[np.ndarray, np.ndarray],
    least_reduction: float,
    bounds: tuple[np.ndarray, np.ndarray],
    prior: float,
) -> np.ndarray:
    """Phasing closest to the seed's reductions by setting, near `prior`, meeting the total and
    never needing more beds than the baseline in any setting.

    The fit is a strictly convex quadratic programme (a least-squares miss plus a ridge towards the
    prior, under linear constraints and bounds), so its optimum is unique. It is solved by HiGHS's
    active-set QP method, which uses no BLAS, and its Hessian and linear term are summed with
    `math.fsum`, so the answer does not depend on the processor's OpenBLAS kernel (a general
    nonlinear method here, SLSQP, stopped on a line search under the AVX-512 kernel).

    With miss = offset + J·v − wanted, minimise ‖miss‖² + ½‖v − prior‖², that is
    ½·vᵀ(2JᵀJ + I)v + (2Jᵀ(offset − wanted) − prior)ᵀv, subject to
    Σ_settings (offset + J·v) ≥ least_reduction, offset + J·v ≥ floors and lower ≤ v ≤ upper, where
    `reductions` is (wanted, floors): the seed's reductions by setting, and the least each setting
    must reach.
    """
    wanted, floors = reductions
    lower, upper = bounds
    count = jacobian.shape[1]
    residual = offset - wanted
    hessian = [
        [2.0 * math.fsum(jacobian[:, i] * jacobian[:, j]) + (1.0 if i == j else 0.0) for j in range(count)]
        for i in range(count)
    ]
    linear = [2.0 * math.fsum(jacobian[:, i] * residual) - prior for i in range(count)]
    constraint_rows = [[math.fsum(jacobian[:, j]) for j in range(count)], *jacobian.tolist()]
    constraint_lower = [least_reduction - math.fsum(offset), *(floors - offset).tolist()]
    values = _solve_convex_qp(hessian, linear, constraint_rows, constraint_lower, (lower, upper))
    # Rounded up to four decimals: reductions grow with every group's phasing, so the rounded
    # phasing still reaches every floor (and no value passes its upper bound of 1).
    return np.ceil(np.round(values * 1e4, 6)) / 1e4


def _solve_convex_qp(
    hessian: list[list[float]],
    linear: list[float],
    constraint_rows: list[list[float]],
    constraint_lower: list[float],
    bounds: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Minimise ½vᵀHv + cᵀv subject to rows·v ≥ lower and bounds, with HiGHS's QP solver."""
    count = len(linear)
    model = highspy.HighsModel()
    lp = model.lp_
    lp.num_col_, lp.num_row_ = count, len(constraint_rows)
    lp.col_cost_ = np.array(linear)
    lp.col_lower_, lp.col_upper_ = np.array(bounds[0], dtype=float), np.array(bounds[1], dtype=float)
    lp.row_lower_ = np.array(constraint_lower)
    lp.row_upper_ = np.full(len(constraint_rows), highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.arange(0, count * len(constraint_rows) + 1, count, dtype=np.int32)
    lp.a_matrix_.index_ = np.tile(np.arange(count, dtype=np.int32), len(constraint_rows))
    lp.a_matrix_.value_ = np.array(constraint_rows, dtype=float).ravel()
    # HiGHS reads the lower triangle of the Hessian column by column.
    hessian_ = model.hessian_
    hessian_.dim_ = count
    hessian_.format_ = highspy.HessianFormat.kTriangular
    hessian_.start_ = np.array([sum(count - k for k in range(j)) for j in range(count + 1)], dtype=np.int32)
    hessian_.index_ = np.array([i for j in range(count) for i in range(j, count)], dtype=np.int32)
    hessian_.value_ = np.array([hessian[i][j] for j in range(count) for i in range(j, count)])
    solver = new_highs()
    solver.setOptionValue("threads", 1)
    solver.passModel(model)
    solver.run()
    status = solver.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"phasing fit failed: HiGHS QP ended {solver.modelStatusToString(status)}")
    return np.array(solver.getSolution().col_value)


def calibrate_money(
    build: Callable[..., Instance], fixed: list[dict[str, object]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Cost factors and remainders so the planned mix nets the seed's impact by priority in 2020/21.

    A care priority's unit costs are scaled by one factor. A scheme-based priority's remainder is
    its seed total less what its named schemes and its fixed commitments (`fixed`) net: the saving
    of schemes the seed names but does not quantify, kept as a fixed contribution.
    """
    nets = []
    for level in (0.0, 1.0):
        instance = build({priority: level for priority in CALIBRATED})
        evaluation = evaluate_plan(instance)
        summary = summarise(
            instance, evaluation.data, evaluation.model, evaluation.x, evaluation.violations, "plan"
        )
        nets.append(summary.finance.loc["2020/21"])
    factors = {}
    for priority in CALIBRATED:
        at_zero, at_one = nets[0][priority], nets[1][priority]
        factors[priority] = float(f"{(PRIORITY_TARGETS[priority] - at_zero) / (at_one - at_zero):.6g}")
    remainders = {}
    for priority in finance.RESIDUALS:
        committed = sum(
            float(entry["amount_gbpm"])  # type: ignore[arg-type]
            for entry in fixed
            if entry.get("priority") == priority and entry["year"] == "2020/21"
        )
        remainder = PRIORITY_TARGETS[priority] - float(nets[0][priority]) - committed
        remainders[priority] = round(remainder, 6)
    return factors, remainders


def workforce_table(sites: pd.DataFrame) -> pd.DataFrame:
    """Staff available and yearly recruitment per place and group, from the seed's workforce figures.

    Never from the planned mix. A place's new staff are its population share of the seed's 2,500
    (split by an assumed skill mix), plus, for the host place of an acute site, the site's UCC team
    (c.40 WTE); a quarter of them are available without recruitment, and a year's recruitment is at
    most a quarter of them (nurses half that, for the shortage). See `assumptions`.
    """
    population = pd.Series(assumed.PLACE_POPULATION, dtype=float)
    staff, line = seed.PLACE_BASED_STAFF
    keys = pd.MultiIndex.from_product(
        [[place for place, _, _ in seed.PLACES], list(assumed.STAFF_GROUPS)], names=["place", "staff_group"]
    ).to_frame(index=False)
    share = keys["place"].map(population / population.sum()).to_numpy()
    new_staff = staff * share * keys["staff_group"].map(assumed.GROUP_MIX).to_numpy()
    hosts = set(sites.loc[sites["kind"] == "acute", "host_place"])
    hosting = keys["place"].isin(hosts).to_numpy()
    ucc = assumed.SITE_UCC_WTE * keys["staff_group"].map(assumed.SITE_UCC_MIX).fillna(0.0).to_numpy()
    new_staff = new_staff + np.where(hosting, ucc, 0.0)
    pace = np.where(keys["staff_group"] == "nursing", assumed.NURSE_SHORTAGE_FACTOR, 1.0)
    source = f"{cite(line, '2,500 more staff')}; {assumed.WORKFORCE_SHARE_REASON}; {assumed.GROUP_MIX_REASON}"
    return keys.assign(
        available_wte=np.round(assumed.AVAILABLE_SHARE * new_staff, 1),
        hire_limit_wte_per_year=np.round(new_staff / assumed.RECRUITMENT_YEARS * pace, 1),
        source=np.where(hosting, f"{source}; {assumed.SITE_UCC_REASON}", source),
        source_available_wte=assumed.AVAILABLE_REASON,
        source_hire_limit_wte_per_year=assumed.HIRE_LIMIT_REASON,
    )


def main(output: Path) -> Instance:
    places, sites, settings = tables.places(), tables.sites(), tables.settings()
    site_beds = tables.site_beds()
    demand, catchment = tables.demand_and_catchment()
    cohorts, cohort_admissions = tables.cohorts()
    staff_groups, setting_staff = tables.staff()
    base = {
        "places": places,
        "sites": sites,
        "settings": settings,
        "site_beds": site_beds,
        "catchment": catchment,
        "demand": demand,
        "growth": tables.growth(),
        "cohorts": cohorts,
        "cohort_admissions": cohort_admissions,
        "staff_groups": staff_groups,
        "setting_staff": setting_staff,
    }
    specs = catalogue()
    plentiful = pd.DataFrame(
        [
            (place, group, 1e6, 1e6, assume("placeholder while fitting"))
            for place, _, _ in seed.PLACES
            for group in assumed.STAFF_GROUPS
        ],
        columns=["place", "staff_group", "available_wte", "hire_limit_wte_per_year", "source"],
    )
    scratch = Path(tempfile.mkdtemp(prefix="derbyshire-"))
    unit_money = {priority: 1.0 for priority in CALIBRATED}
    committed = finance.commitment_contributions()
    fixed = list(committed)

    def build_with(
        fitted: dict[str, dict[str, float]], money: dict[str, float], workforce: pd.DataFrame
    ) -> Instance:
        return assemble(
            scratch,
            {**base, **plan_tables(specs, fitted, money, base), "workforce": workforce},
            document(fixed),
        )

    fitted = fit_phasing(lambda phasing: build_with(phasing, unit_money, plentiful))
    money, remainders = calibrate_money(lambda factors: build_with(fitted, factors, plentiful), committed)
    fixed = [*committed, *finance.residual_contributions(remainders)]
    instance = build_with(fitted, money, workforce_table(sites))
    write_folder(instance, output)
    final = load_instance(output)
    _report(final, fitted, {**money, **remainders})
    return final


def _report(instance: Instance, fitted: dict[str, dict[str, float]], money: dict[str, float]) -> None:
    evaluation = evaluate_plan(instance)
    summary = summarise(
        instance, evaluation.data, evaluation.model, evaluation.x, evaluation.violations, "plan"
    )
    print("fitted phasing:", fitted)
    print("money factors and rates:", money)
    print(summary.beds.round(2))
    print(summary.trajectory.round(2))
    print(summary.finance.round(3).T)
    by_site = summary.beds_by_site[
        (summary.beds_by_site["year"] == "2020/21") & (summary.beds_by_site["setting"] == "acute_nel")
    ]
    print(by_site.assign(change=by_site["beds"] - by_site["baseline"]).round(2))
    print(summary.admissions.round(1))
    print("violations:", len(evaluation.violations))
    if len(evaluation.violations):
        print(evaluation.violations.head(20).to_string())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else INSTANCE)
