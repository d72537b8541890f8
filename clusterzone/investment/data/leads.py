"""Demo leads (招商线索) for the demo clusters: targets from 珠三角, 长三角, 闽东南 … worked by
the clusters' investment-attraction units, at every stage, with follow-up logs. Company
names are demonstration choices (the seeds name regions of origin and target types, not
companies); amounts in 万元. Dates relative to the demo year."""

ZHECHENG = "41142401"
LUSHAN = "41042301"

# attraction units: (region code, name)
UNITS = [
    ("411424", "柘城县招商局"),
    ("410423", "鲁山县第一招商分局"),
    ("410423", "鲁山县第二招商分局"),
]

# keys: code, cluster, unit, company, project, source, type, division, category, link (chain
# name, link name), amount, first (first contact), stage, moves [(stage, date)], sign (date,
# amount), lost (reason), leader (username), followups [(date, kind, content, next_step)]
LEADS = [
    {
        "code": "XS411424010001", "cluster": ZHECHENG, "unit": "柘城县招商局",
        "company": "深圳某超硬刀具股份有限公司", "project": "金刚石复合片及刀具生产线",
        "source": "prd", "type": "industry_leader", "division": "33", "category": "超硬材料",
        "link": ("金刚石（超硬材料）产业链", "制品"), "amount": "30000", "first": "2025-02-17",
        "moves": [("visit", "2025-03-05"), ("negotiate", "2025-03-28")],
        "followups": [
            ("2025-02-18", "phone", "电话接洽，客商有意在中部布局复合片产能。", "邀请来柘城考察"),
            ("2025-03-05", "inspection", "客商考察金刚石产业园及力量新材料。", "提供用地与配套方案"),
            ("2025-03-28", "talk", "就用地80亩、标准化厂房租赁条件洽谈。", "报县政府研究优惠政策"),
        ],
    },
    {
        "code": "XS411424010002", "cluster": ZHECHENG, "unit": "柘城县招商局",
        "company": "上海某培育钻石科技有限公司", "project": "培育钻石饰品加工项目",
        "source": "yrd", "type": "private", "division": "24", "category": "超硬材料",
        "link": ("金刚石（超硬材料）产业链", "应用"), "amount": "12000", "first": "2025-03-10",
        "moves": [("visit", "2025-03-20"), ("intent", "2025-04-10")],
        "sign": ("2025-04-25", "12000"),
        "followups": [
            ("2025-03-11", "visit", "赴上海拜访，介绍金刚石单晶供应优势。", "邀请考察"),
            ("2025-03-20", "inspection", "客商考察单晶、微粉企业。", "拟定合作意向"),
        ],
    },
    {
        "code": "XS411424010003", "cluster": ZHECHENG, "unit": "柘城县招商局",
        "company": "泉州某服饰有限公司", "project": "年产300万件服装生产项目",
        "source": "se_fujian", "type": "private", "division": "18", "category": "纺织服装",
        "link": ("纺织服装产业链", "服装"), "amount": "8000", "first": "2025-01-06",
        "moves": [("negotiate", "2025-01-20")], "sign": ("2025-02-15", "8500"), "land": "2025-03-18",
        "followups": [("2025-01-07", "visit", "拜访客商总部。", "邀请考察纺织服饰园")],
    },
    {
        "code": "XS411424010004", "cluster": ZHECHENG, "unit": "柘城县招商局",
        "company": "某央企石墨材料公司", "project": "高纯石墨及触媒材料项目",
        "source": "jjj", "type": "central_soe", "division": "26", "category": "超硬材料",
        "link": ("金刚石（超硬材料）产业链", "原料"), "amount": "50000", "first": "2025-04-01",
        "followups": [],
    },
    {
        "code": "XS411424010005", "cluster": ZHECHENG, "unit": "柘城县招商局",
        "company": "苏州某医药集团", "project": "原料药扩能项目", "source": "yrd", "type": "china500",
        "division": "27", "category": "医药", "amount": "20000", "first": "2025-01-15",
        "moves": [("visit", "2025-02-10")], "lost": ("2025-03-01", "客商选择落户省外园区，环评容量不足。"),
        "followups": [("2025-01-16", "phone", "电话接洽。", "安排考察")],
    },
    {
        "code": "XS410423010001", "cluster": LUSHAN, "unit": "鲁山县第一招商分局", "leader": "lushan_leader",
        "company": "广东某装配式建筑集团", "project": "装配式建筑构件生产基地",
        "source": "prd", "type": "industry_leader", "division": "30", "category": "新型建材",
        "link": ("新型建材产业链", "装配式建筑/装饰"), "amount": "60000", "first": "2025-02-24",
        "moves": [("visit", "2025-03-12"), ("negotiate", "2025-04-02"), ("intent", "2025-04-20")],
        "followups": [
            ("2025-02-25", "visit", "赴佛山拜访，介绍北区石材资源。", "邀请考察"),
            ("2025-03-12", "inspection", "考察北区用地及石材建材工业城。", "测算用地需求"),
            ("2025-04-20", "talk", "签订投资意向书，拟用地300亩。", "准备正式协议"),
        ],
    },
    {
        "code": "XS410423010002", "cluster": LUSHAN, "unit": "鲁山县第二招商分局",
        "company": "福建某石材有限公司", "project": "石材荒料开采与加工项目",
        "source": "se_fujian", "type": "private", "division": "10", "category": "新型建材",
        "link": ("新型建材产业链", "石材开采"), "amount": "15000", "first": "2025-04-14",
        "moves": [("visit", "2025-04-21")],
        "followups": [],
    },
    {
        "code": "XS410423010003", "cluster": LUSHAN, "unit": "鲁山县第二招商分局",
        "company": "浙江某特种纺织有限公司", "project": "特种功能面料项目",
        "source": "yrd", "type": "private", "division": "17", "category": "轻纺",
        "amount": "30000", "first": "2025-03-03", "sign": ("2025-04-08", "30000"),
        "followups": [("2025-03-04", "talk", "与海威特种布配套洽谈。", "签约")],
    },
]  # fmt: skip
