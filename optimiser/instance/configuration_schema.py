"""The optional tables of a service configuration: which sites host which clinical services.

An instance that holds them (burton-derby-2017) asks where each clinical service runs across its
sites, year by year, with each place's activity allocated to the sites that host it, the travel
that costs, and what sharing back-office functions saves. An instance without them (tiny,
derbyshire-stp-2016) is read, built and written exactly as before: every table here is optional.
"""

from __future__ import annotations

from optimiser.instance.spec import Field, TableSpec, source_field

#: The pledges a `service_sites` row can carry (see `models/pledges.py`).
SITE_PLEDGES = ("dgh", "specialised")

CONFIGURATION_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "clinical_services",
        "Clinical services whose host sites the configuration chooses.",
        (
            Field("service", "id", "clinical service id"),
            Field("name", "text", "service name"),
            Field("elective", "bool", "true if patients choose where to be treated (patient choice)"),
            Field("specialised", "bool", "true for a specialised service (minimum volumes, pledge 2)"),
            Field("activity_unit", "text", "what one unit of activity is (attendances, spells, scans)"),
            Field("min_volume", "number", "least activity a year at any site hosting it (0: none)", ge=0),
            Field(
                "choice_providers",
                "number",
                "providers each place keeps within choice_miles (0: no choice pledge)",
                ge=0,
                le=10,
            ),
            Field("choice_miles", "number", "travel threshold of patient choice, miles", ge=0),
            source_field(),
        ),
        ("service",),
        optional=True,
    ),
    TableSpec(
        "service_sites",
        "Where each clinical service runs today or could run, at what capacity and cost; at an "
        "out-of-area site, a provider outside the system that patients may choose (never a decision).",
        (
            Field("service", "id", "clinical service id"),
            Field("site", "id", "site id"),
            Field("hosted_today", "bool", "true if the service runs at the site today"),
            Field("capacity", "number", "most activity a year the site can take", ge=0),
            Field("fixed_cost_gbp_per_year", "number", "£ a year to keep the service at the site", ge=0),
            Field("unit_cost_gbp", "number", "£ per unit of activity treated at the site", ge=0),
            Field("capital_gbp", "number", "capital to start the service where it does not run today", ge=0),
            Field(
                "pledge",
                "text",
                "dgh: pledged to stay at the district general hospital; specialised: pledged to stay",
                nullable=True,
                choices=SITE_PLEDGES,
            ),
            source_field(),
        ),
        ("service", "site"),
        optional=True,
    ),
    TableSpec(
        "service_demand",
        "Activity each place needs of each clinical service a year, met at the sites that host it.",
        (
            Field("place", "id", "place id"),
            Field("service", "id", "clinical service id"),
            Field("activity", "number", "activity a year, in the service's unit", ge=0),
            source_field(),
        ),
        ("place", "service"),
        optional=True,
    ),
    TableSpec(
        "travel",
        "Road miles from each place to each site, one way.",
        (
            Field("place", "id", "place id"),
            Field("site", "id", "site id"),
            Field("miles", "number", "road miles one way", ge=0),
            source_field(),
        ),
        ("place", "site"),
        optional=True,
    ),
    TableSpec(
        "configuration_sites",
        "The county each configured site is in, and what the pledges ask of it.",
        (
            Field("site", "id", "site id"),
            Field("county", "id", "county the site stands in"),
            Field(
                "county_keeps_services",
                "bool",
                "true if every service the county hosts today must stay hosted in the county",
            ),
            Field("new_services", "number", "least services the site must gain (community pledge)", ge=0),
            source_field(),
        ),
        ("site",),
        optional=True,
    ),
    TableSpec(
        "shared_services",
        "Back-office functions the trusts can share, what sharing saves and the staff it releases.",
        (
            Field("function", "id", "function id"),
            Field("name", "text", "function name"),
            Field("cost_gbp_per_year", "number", "£ a year both trusts spend on it today", ge=0),
            Field("saving_share", "number", "share of that cost saved once wholly shared", ge=0, le=1),
            Field("staff_wte", "number", "WTE working in the function today", ge=0),
            Field("released_wte", "number", "WTE no longer needed once wholly shared", ge=0),
            Field("turnover_share", "number", "share of its staff who leave naturally a year", ge=0, le=1),
            source_field(),
        ),
        ("function",),
        optional=True,
    ),
)
