"""Industry chains shipped for the demo clusters (产业链招商图谱, seed 004: map each leading
industry's chain, mark the links present, attract for the missing ones).

Each chain: the cluster's code, the leading-industry category (registry
leading_categories.csv), and its links as (segment, name, GB/T 4754 divisions, key products).
A link is present when an enterprise of the cluster has one of its divisions (demo
enterprises: 30 for 超硬材料 firms, 17/18 textiles, 27 pharma) or is placed on it by hand.
"""

ZHECHENG = "41142401"
LUSHAN = "41042301"

CHAINS = [
    {
        "cluster": ZHECHENG,
        "category": "超硬材料",
        "name": "金刚石（超硬材料）产业链",
        "description": "原料 → 单晶/微粉 → 制品 → 应用；柘城金刚石产业园以力量新材料、新源超硬材料为龙头。",
        "links": [
            ("upstream", "原料", ["10", "26"], "石墨、触媒、叶蜡石、合成压机"),
            ("midstream", "单晶/微粉", ["30"], "人造金刚石单晶、金刚石微粉、立方氮化硼"),
            ("midstream", "制品", ["33"], "金刚石锯片、砂轮、复合片、线锯"),
            ("downstream", "应用", ["24", "35"], "培育钻石饰品、精密加工、光伏硅片切割"),
        ],
    },
    {
        "cluster": ZHECHENG,
        "category": "纺织服装",
        "name": "纺织服装产业链",
        "description": "纺纱 → 织造 → 印染/水洗 → 服装；柘城纺织服饰园。",
        "links": [
            ("upstream", "纺纱", ["17"], "棉纱、混纺纱"),
            ("midstream", "织造", ["17"], "坯布、针织布"),
            ("midstream", "印染/水洗", ["17", "18"], "印染布、服饰水洗"),
            ("downstream", "服装", ["18"], "成衣、制服、家纺"),
        ],
    },
    {
        "cluster": LUSHAN,
        "category": "新型建材",
        "name": "新型建材产业链",
        "description": "石材开采 → 石材加工/建材生产 → 装配式建筑/装饰 → 应用；鲁山北区。",
        "links": [
            ("upstream", "石材开采", ["10"], "花岗岩、大理石荒料"),
            ("midstream", "石材加工/建材生产", ["30"], "石材板材、人造石、碳素制品、新型墙材"),
            ("downstream", "装配式建筑/装饰", ["47", "50"], "装配式构件、建筑装饰工程"),
            ("downstream", "应用", ["48"], "市政工程、园林景观"),
        ],
    },
]
