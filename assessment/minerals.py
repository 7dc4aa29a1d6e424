"""Minerals, strategic minerals and the national mine production-scale table.

Pure data and functions (no Django models): site forms, the catalogue's applicability rules
and the scoring of portfolios all read these.
Sources: National Mineral Resources Plan 2016-2020 (24 strategic minerals) and
国土资发〔2004〕208号 (production scale).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# code -> (English name, Chinese name)
MINERALS: dict[str, tuple[str, str]] = {
    "coal": ("Coal", "煤炭"),
    "oil": ("Oil", "石油"),
    "natural_gas": ("Natural gas", "天然气"),
    "shale_gas": ("Shale gas", "页岩气"),
    "coalbed_methane": ("Coalbed methane", "煤层气"),
    "uranium": ("Uranium", "铀"),
    "iron": ("Iron", "铁"),
    "chromium": ("Chromium", "铬"),
    "copper": ("Copper", "铜"),
    "aluminium": ("Aluminium", "铝"),
    "gold": ("Gold", "金"),
    "nickel": ("Nickel", "镍"),
    "tungsten": ("Tungsten", "钨"),
    "tin": ("Tin", "锡"),
    "molybdenum": ("Molybdenum", "钼"),
    "antimony": ("Antimony", "锑"),
    "cobalt": ("Cobalt", "钴"),
    "lithium": ("Lithium", "锂"),
    "rare_earths": ("Rare earths", "稀土"),
    "zirconium": ("Zirconium", "锆"),
    "phosphate": ("Phosphate", "磷"),
    "potash": ("Potash", "钾盐"),
    "graphite": ("Crystalline graphite", "晶质石墨"),
    "fluorite": ("Fluorite", "萤石"),
    "silver": ("Silver", "银"),
    "lead_zinc": ("Lead and zinc", "铅锌"),
    "limestone": ("Limestone", "石灰岩"),
    "building_stone": ("Building stone", "建筑石料"),
    "manganese": ("Manganese", "锰"),
    "vanadium": ("Vanadium", "钒"),
    "titanium": ("Titanium", "钛"),
    "niobium_tantalum": ("Niobium and tantalum", "铌钽"),
    "gallium": ("Gallium", "镓"),
    "germanium": ("Germanium", "锗"),
    "other": ("Other", "其他"),
}

# The 24 strategic minerals of the National Mineral Resources Plan 2016-2020.
STRATEGIC_MINERALS: frozenset[str] = frozenset(
    {
        "oil", "natural_gas", "shale_gas", "coal", "coalbed_methane", "uranium",
        "iron", "chromium", "copper", "aluminium", "gold", "nickel", "tungsten", "tin",
        "molybdenum", "antimony", "cobalt", "lithium", "rare_earths", "zirconium",
        "phosphate", "potash", "graphite", "fluorite",
    }
)  # fmt: skip


def is_strategic(minerals: list[str] | tuple[str, ...] | set[str]) -> bool:
    """A site is a strategic-mineral site when any of its minerals is strategic."""
    return any(code in STRATEGIC_MINERALS for code in minerals)


@dataclass(frozen=True)
class ScaleBand:
    """Lower bounds of "large" and "medium" annual capacity, in the table's unit."""

    large: Decimal
    medium: Decimal
    unit: str  # "10^4 t/yr", "10^8 m3/yr" or "10^4 m3/yr"
    verified: bool = True


_T = "10^4 t/yr"
# Rows read in copies of the table (360docs.net/doc/0611754698.html and
# m.stra.cn/wenku/rdgdb/l600graN6o); verified=False where the row was not legible there.
_METALS = ScaleBand(Decimal(100), Decimal(30), _T, verified=False)
_RARE = ScaleBand(Decimal(100), Decimal(30), _T)  # "稀土、稀有金属"
_CR_TI_V = ScaleBand(Decimal(10), Decimal(5), _T)  # "铬、钛、钒"

# (mineral, method or None for any method) -> band
SCALE_TABLE: dict[tuple[str, str | None], ScaleBand] = {
    ("coal", "underground"): ScaleBand(Decimal(120), Decimal(45), _T),
    ("coal", "open_pit"): ScaleBand(Decimal(400), Decimal(100), _T),
    ("oil", None): ScaleBand(Decimal(50), Decimal(10), _T),
    ("natural_gas", None): ScaleBand(Decimal(5), Decimal(1), "10^8 m3/yr"),
    ("coalbed_methane", None): ScaleBand(Decimal(5), Decimal(1), "10^8 m3/yr"),
    ("phosphate", None): ScaleBand(Decimal(100), Decimal(30), _T),
    ("potash", None): ScaleBand(Decimal(200), Decimal(60), _T),
    ("rare_earths", None): _RARE,
    ("lithium", None): _RARE,
    ("niobium_tantalum", None): _RARE,
    ("zirconium", None): _RARE,
    ("limestone", None): ScaleBand(Decimal(100), Decimal(50), _T),
    ("graphite", None): ScaleBand(Decimal(1), Decimal("0.3"), _T),
    ("building_stone", None): ScaleBand(Decimal(10), Decimal(5), "10^4 m3/yr"),
    ("gold", None): ScaleBand(Decimal(15), Decimal(6), _T),  # rock gold (岩金)
    ("chromium", None): _CR_TI_V,
    ("titanium", None): _CR_TI_V,
    ("vanadium", None): _CR_TI_V,
    ("manganese", None): ScaleBand(Decimal(10), Decimal(5), _T, verified=False),
    **{
        (metal, None): _METALS
        for metal in (
            "iron", "copper", "aluminium", "nickel", "tungsten", "tin",
            "molybdenum", "antimony", "cobalt", "silver", "lead_zinc",
        )
    },
}  # fmt: skip


def scale_band(mineral: str, method: str) -> ScaleBand | None:
    """The table row for a mineral mined by a method, or None when the table has none.

    Coal depends on the method; a coal mine that is both open-pit and underground is classed by
    the underground thresholds (the stricter of the two).
    """
    if mineral == "coal":
        return SCALE_TABLE[("coal", "open_pit" if method == "open_pit" else "underground")]
    return SCALE_TABLE.get((mineral, None))


def derive_scale(mineral: str, method: str, annual_capacity: Decimal | float | int) -> str | None:
    """Production scale ("large" / "medium" / "small") from the national table, or None."""
    band = scale_band(mineral, method)
    if band is None:
        return None
    capacity = Decimal(str(annual_capacity))
    if capacity >= band.large:
        return "large"
    if capacity >= band.medium:
        return "medium"
    return "small"
