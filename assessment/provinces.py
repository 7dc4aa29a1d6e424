"""The 31 provincial-level divisions of mainland China, by ISO 3166-2:CN code without "CN-".

22 provinces, 5 autonomous regions and 4 municipalities: the Mineral Resources Law and the
mining rules are applied in the 31, not in Hong Kong, Macao or Taiwan. A site stores the code;
pages show the name in the active language (pure data).
"""

from __future__ import annotations

# code -> (English name, Chinese name)
PROVINCES: dict[str, tuple[str, str]] = {
    "BJ": ("Beijing", "北京市"),
    "TJ": ("Tianjin", "天津市"),
    "HE": ("Hebei", "河北省"),
    "SX": ("Shanxi", "山西省"),
    "NM": ("Inner Mongolia", "内蒙古自治区"),
    "LN": ("Liaoning", "辽宁省"),
    "JL": ("Jilin", "吉林省"),
    "HL": ("Heilongjiang", "黑龙江省"),
    "SH": ("Shanghai", "上海市"),
    "JS": ("Jiangsu", "江苏省"),
    "ZJ": ("Zhejiang", "浙江省"),
    "AH": ("Anhui", "安徽省"),
    "FJ": ("Fujian", "福建省"),
    "JX": ("Jiangxi", "江西省"),
    "SD": ("Shandong", "山东省"),
    "HA": ("Henan", "河南省"),
    "HB": ("Hubei", "湖北省"),
    "HN": ("Hunan", "湖南省"),
    "GD": ("Guangdong", "广东省"),
    "GX": ("Guangxi", "广西壮族自治区"),
    "HI": ("Hainan", "海南省"),
    "CQ": ("Chongqing", "重庆市"),
    "SC": ("Sichuan", "四川省"),
    "GZ": ("Guizhou", "贵州省"),
    "YN": ("Yunnan", "云南省"),
    "XZ": ("Tibet (Xizang)", "西藏自治区"),
    "SN": ("Shaanxi", "陕西省"),
    "GS": ("Gansu", "甘肃省"),
    "QH": ("Qinghai", "青海省"),
    "NX": ("Ningxia", "宁夏回族自治区"),
    "XJ": ("Xinjiang", "新疆维吾尔自治区"),
}


def province_name(code: str, language: str) -> str:
    """The name in `language` ("zh..." gives Chinese); an unknown code is shown as it is."""
    names = PROVINCES.get(code)
    if names is None:
        return code
    return names[1] if language.startswith("zh") else names[0]


def province_choices(language: str) -> list[tuple[str, str]]:
    return [(code, province_name(code, language)) for code in PROVINCES]
