"""Demo data for `clusterzone demo`, drawn from the seed documents (see SEED-FACTS.md).

Plain data only; `clusterzone.registry.demo` loads it. Regions are given by their GB/T 2260
code (looked up by name in accounts/data/regions_henan.csv). Where the seeds say nothing
(leading industries of most 驻马店 clusters, which six are one-star, 桐柏, 温县, 平桥), the
values are demonstration choices and the cluster's notes say so.
"""

PASSWORD = "Demo-2025!"

PROVINCE_OFFICE = "河南省产业集聚区发展联席会议办公室"

# ---------------------------------------------------------------- organisation units
# (region code, name, kind, notes)
_CITY_OFFICES = [
    ("410400", "平顶山市"),
    ("410700", "新乡市"),
    ("410800", "焦作市"),
    ("411100", "漯河市"),
    ("411200", "三门峡市"),
    ("411300", "南阳市"),
    ("411400", "商丘市"),
    ("411500", "信阳市"),
    ("411700", "驻马店市"),
]
_COUNTY_OFFICES = [("410423", "鲁山县"), ("411424", "柘城县")]

# 驻马店市 member departments: every unit named in the 牵头单位/参加单位 columns of seed 002's
# attachment (2014年市直有关部门产业集聚区重点工作分工), with the short name used locally.
ZMD_DEPARTMENTS = [
    ("驻马店市发展改革委", "市发改委"),
    ("驻马店市教育局", "市教育局"),
    ("驻马店市科技局", "市科技局"),
    ("驻马店市工业和信息化局", "市工信局"),
    ("驻马店市公安局", "市公安局"),
    ("驻马店市民政局", "市民政局"),
    ("驻马店市财政局", "市财政局"),
    ("驻马店市人力资源社会保障局", "市人社局"),
    ("驻马店市国土资源局", "市国土资源局"),
    ("驻马店市环保局", "市环保局"),
    ("驻马店市住房城乡建设局", "市住建局"),
    ("驻马店市交通运输局", "市交通局"),
    ("驻马店市农业局", "市农业局"),
    ("驻马店市商务局", "市商务局"),
    ("驻马店市质监局", "市质监局"),
    ("驻马店市统计局", "市统计局"),
    ("驻马店市安全监管局", "市安监局"),
    ("驻马店市通信管理局", "市通信管理局"),
    ("驻马店市编办", "市编办"),
    ("驻马店市金融办", "市金融办"),
    ("驻马店市电力公司", "供电公司"),
    ("驻马店市行政服务中心", "市行政服务中心"),
    ("驻马店市规划局", "市规划局"),
    ("驻马店市卫生局", "市卫生局"),
]

UNITS = (
    [("410000", PROVINCE_OFFICE, "joint_office", "省产业集聚区发展联席会议办公室（设在省发展改革委）。")]
    + [(code, f"{name}产业集聚区发展联席会议办公室", "joint_office", "") for code, name in _CITY_OFFICES]
    + [(code, f"{name}产业集聚区发展联席会议办公室", "joint_office", "") for code, name in _COUNTY_OFFICES]
    + [
        ("411700", name, "department", f"驻马店市产业集聚区发展联席会议成员单位（简称：{short}）。")
        for name, short in ZMD_DEPARTMENTS
    ]
    + [("411503", "平桥区农村信用合作联社", "bank", "向集聚区企业发放流动资金贷款和按揭贷款。")]
)

_DEMO_INDUSTRIES = "主导产业为演示设置（种子文件未载明）。"
_ZMD_STAR = "一星级为演示设置（种子文件：全市一星级产业集聚区达到6个）。"

# ---------------------------------------------------------------- clusters
# Cluster code = region code + "01" ("02" … when a county has several).
# industries: (category name from leading_categories.csv, "main" | "auxiliary"); one main.
# subzones: (name, area km² or None, focus)
CLUSTERS = [
    {
        "code": "41122401",
        "name": "卢氏产业集聚区",
        "region": "411224",
        "founded": "2010-12-10",
        "industries": [("金属加工", "main"), ("农副产品加工", "auxiliary")],
        "notes": "管委会于2010-12-10设立。主导产业：金属加工、农副产品深加工。"
        "分阶段目标由工业项目10个以上、投资10亿元起步，远期主营业务收入100亿元、利润30亿元、税收6亿元。"
        "重点项目：中康中药饮片、晋豫铸件、中原矿业一期、华阳食品核桃仁加工。",
    },
    {
        "code": "41142401",
        "name": "柘城县产业集聚区",
        "region": "411424",
        "planned_area": "14",
        "built_area": "5.7",
        "industries": [
            ("超硬材料", "main"),
            ("农副产品加工", "auxiliary"),
            ("医药", "auxiliary"),
            ("纺织服装", "auxiliary"),
        ],
        "subzones": [
            ("金刚石产业园", None, "金刚石微粉及制品，入驻企业15家"),
            ("农副产品加工园", None, "清真食品、面业、辣椒食品、食品包装"),
            ("纺织服饰园", None, "纺织、制衣、服饰水洗"),
            ("医药园", None, "化学药、生物制品、兽药"),
        ],
        "notes": "首批175家省级产业集聚区之一。规划14平方公里，其中建成区5.7、发展控制区8.3。"
        "工业企业118家、从业约3.2万人；1-11月主营业务收入146亿元、税收2.8亿元。"
        "“855”目标：新上项目80个、投资50亿元、主营业务收入50亿元。",
    },
    {
        "code": "41048101",
        "name": "舞钢市产业集聚区",
        "region": "410481",
        "industries": [("金属加工", "main"), ("纺织服装", "auxiliary")],
        "notes": "产业基地：不锈钢复合板（主导）、精纺加工。",
    },
    {
        "code": "41110201",
        "name": "沙澧产业集聚区",
        "region": "411102",
        "planned_area": "12.59",
        "industries": [
            ("现代服务业", "main"),
            ("纺织服装", "auxiliary"),
            ("医疗器械", "auxiliary"),
            ("机械制造", "auxiliary"),
        ],
        "notes": "漯河市首批产业集聚区，规划12.59平方公里。入驻企业和项目92个，总投资133.9亿元、"
        "已完成94.1亿元；规上企业51家。已形成纺织服装、医疗器械、汽贸物流等集群。",
    },
    {
        "code": "41042301",
        "name": "鲁山县产业集聚区",
        "region": "410423",
        "planned_area": "16.33",
        "land_reserve": "9000",
        # seed 003: 一主（新型建材）二辅（轻纺、旅游产品加工）
        "industries": [("新型建材", "main"), ("轻纺", "auxiliary"), ("旅游产品加工", "auxiliary")],
        "subzones": [
            ("北区", "9.65", "新型建材"),
            ("南区", "6.68", "轻纺、旅游产品加工"),
        ],
        "notes": "全省180个省级产业集聚区之一，规划16.33平方公里，土地储备9000亩。"
        "年度目标：固定资产投资60亿元、规上主营业务收入60亿元、利税1.5亿元、从业2万人，进入全省前50名；"
        "以全省第45位的桐柏县产业集聚区为赶超目标。",
    },
    {
        "code": "41078301",
        "name": "长垣县产业集聚区",
        "region": "410783",
        "planned_area": "40.8",
        "industries": [
            ("装备制造", "main"),
            ("医药", "auxiliary"),
            ("汽车及零部件", "auxiliary"),
        ],
        "subzones": [
            ("起重园区", "21.8", "起重机械装备"),
            ("蒲西", "8", "新城工贸"),
            ("南蒲木岗", "4", "起重配套"),
            ("参木", "4", "起重配套"),
            ("蒲东", "3", "新城工贸"),
        ],
        "notes": "由起重、卫材、新城三个市级聚集区整合申报（原文作“长垣县产业聚集区”），"
        "总面积暂定40.8平方公里；用地指标7.5平方公里，已落实4.8。优势产业：起重机械装备、卫材、汽车配件。"
        "长垣县现为长垣市。",
    },
    # 驻马店: seed 002's 2014 revenue targets
    {
        "code": "41170201",
        "name": "驻马店市产业集聚区",
        "region": "411702",
        "star": 1,
        "industries": [("食品加工", "main"), ("医药", "auxiliary")],
        "notes": "2014年主营业务收入目标350亿元以上；中心城区集聚区投资强度不低于230万元/亩。"
        + _ZMD_STAR
        + _DEMO_INDUSTRIES,
    },
    {
        "code": "41170202",
        "name": "驻马店装备产业集聚区",
        "region": "411702",
        "star": 1,
        "industries": [("装备制造", "main"), ("汽车及零部件", "auxiliary")],
        "notes": "2014年主营业务收入目标200亿元以上。所在区县种子文件未写明，演示数据置于驿城区。"
        + _ZMD_STAR
        + _DEMO_INDUSTRIES,
    },
    {
        "code": "41172301",
        "name": "平舆县产业集聚区",
        "region": "411723",
        "star": 1,
        "industries": [("新型建材", "main"), ("轻纺", "auxiliary")],
        "notes": "2014年主营业务收入目标250亿元以上；综合服务中心、污水处理厂扩建在建。"
        + _ZMD_STAR
        + _DEMO_INDUSTRIES,
    },
    {
        "code": "41172601",
        "name": "泌阳县产业集聚区",
        "region": "411726",
        "star": 1,
        "industries": [("农副产品加工", "main"), ("装备制造", "auxiliary")],
        "notes": "2014年主营业务收入目标200亿元以上；第二污水处理厂在建。" + _ZMD_STAR + _DEMO_INDUSTRIES,
    },
    {
        "code": "41172201",
        "name": "上蔡县产业集聚区",
        "region": "411722",
        "star": 1,
        "industries": [("食品加工", "main"), ("纺织服装", "auxiliary")],
        "notes": "2014年主营业务收入目标150亿元以上；投融资平台净资产目标10亿元以上。"
        + _ZMD_STAR
        + _DEMO_INDUSTRIES,
    },
    {
        "code": "41172501",
        "name": "确山县产业集聚区",
        "region": "411725",
        "star": 1,
        "industries": [("装备制造", "main"), ("轻纺", "auxiliary")],
        "notes": "2014年主营业务收入目标150亿元以上；综合服务中心在建。" + _ZMD_STAR + _DEMO_INDUSTRIES,
    },
    {
        "code": "41172801",
        "name": "遂平县产业集聚区",
        "region": "411728",
        "industries": [("食品加工", "main"), ("机械制造", "auxiliary")],
        "notes": "2014年主营业务收入目标150亿元以上；综合服务中心、第二污水处理厂在建。" + _DEMO_INDUSTRIES,
    },
    {
        "code": "41172701",
        "name": "汝南县产业集聚区",
        "region": "411727",
        "industries": [("食品加工", "main"), ("机械制造", "auxiliary")],
        "notes": "2014年主营业务收入目标100亿元以上；第二污水处理厂在建。" + _DEMO_INDUSTRIES,
    },
    {
        "code": "41172101",
        "name": "西平县产业集聚区",
        "region": "411721",
        "industries": [("纺织服装", "main"), ("机械制造", "auxiliary")],
        "notes": "2014年主营业务收入目标100亿元以上；投融资平台净资产目标10亿元以上。" + _DEMO_INDUSTRIES,
    },
    {
        "code": "41172401",
        "name": "正阳县产业集聚区",
        "region": "411724",
        "industries": [("农副产品加工", "main"), ("轻纺", "auxiliary")],
        "notes": "种子文件未给出主营业务收入目标；综合服务中心、污水处理厂在建。" + _DEMO_INDUSTRIES,
    },
    {
        "code": "41133001",
        "name": "桐柏县产业集聚区",
        "region": "411330",
        "industries": [("化工", "main"), ("有色金属", "auxiliary")],
        "notes": "全省排名第45位，鲁山县产业集聚区的赶超目标。" + _DEMO_INDUSTRIES,
    },
    {
        "code": "41082501",
        "name": "温县产业集聚区",
        "region": "410825",
        "industries": [("装备制造", "main"), ("食品加工", "auxiliary")],
        "notes": "焦作市产业集聚区之一，固定资产投资强度280万元/亩。" + _DEMO_INDUSTRIES,
    },
    {
        "code": "41150301",
        "name": "信阳市平桥产业集聚区",
        "region": "411503",
        "industries": [("现代服务业", "main"), ("食品加工", "auxiliary")],
        "notes": "演示用：为挂接平桥区农村信用合作联社的贷款客户（信阳中泰置业有限公司）而设，"
        "并非种子文件所载的集聚区。" + _DEMO_INDUSTRIES,
    },
]

# ---------------------------------------------------------------- enterprises
# (cluster code, name, GB/T 4754 division, flags); flags: leading / above_size.
# Credit codes are generated deterministically by the loader (valid check characters).
_ZHECHENG = "41142401"
_LUSHI = "41122401"
_LUSHAN = "41042301"

# 柘城's enterprise names as seed 003 spells them where it gives the full name (河南省白师傅…,
# 河南泰森…, 柘城春海…, 柘城县恒星…, 柘城万昌…, 河南华商…, 商丘坤宇…, 河南中盛…, 河南老君堂…,
# 河南恒生…); the others are named in short only, so their legal names are demonstration choices.
ENTERPRISES = [
    (_ZHECHENG, "柘城县力量新材料制造集团有限公司", "30", {"leading": True, "above_size": True}),
    (_ZHECHENG, "柘城县新源超硬材料有限公司", "30", {}),
    (_ZHECHENG, "柘城县惠丰金刚石有限公司", "30", {}),
    (_ZHECHENG, "柘城县德兴纺织有限公司", "17", {}),
    (_ZHECHENG, "河南华商药业有限公司", "27", {}),
    (_ZHECHENG, "河南恒生药业有限公司", "27", {}),
    (_ZHECHENG, "柘城县海乐电子有限公司", "39", {}),
    (_ZHECHENG, "柘城县海涛面业有限公司", "13", {}),
    (_ZHECHENG, "柘城县来堂服饰有限公司", "18", {}),
    (_ZHECHENG, "河南省白师傅清真食品有限公司", "14", {}),
    (_ZHECHENG, "河南泰森食品有限公司", "13", {}),
    (_ZHECHENG, "柘城春海辣椒食品有限公司", "14", {}),
    (_ZHECHENG, "柘城县恒星食品有限公司", "14", {}),
    (_ZHECHENG, "柘城万昌食品包装有限公司", "22", {}),
    (_ZHECHENG, "柘城县永利服饰水洗有限公司", "18", {}),
    (_ZHECHENG, "柘城县财通制衣有限公司", "18", {}),
    (_ZHECHENG, "柘城县双丰制衣有限公司", "18", {}),
    (_ZHECHENG, "柘城县顺丰制衣有限公司", "18", {}),
    (_ZHECHENG, "商丘坤宇生物科技有限公司", "27", {}),
    (_ZHECHENG, "河南中盛动物药业有限公司", "27", {}),
    (_ZHECHENG, "河南老君堂制药有限公司", "27", {}),
    (_LUSHI, "卢氏县中康中药饮片有限公司", "27", {}),
    (_LUSHI, "卢氏县晋豫铸件有限公司", "33", {}),
    (_LUSHI, "卢氏县华阳食品有限公司", "13", {}),
    (_LUSHAN, "鲁山县海威特种布有限公司", "17", {}),
    (_LUSHAN, "鲁山县方圆碳素有限公司", "30", {}),
    (_LUSHAN, "鲁山县鲁吉兰美体内衣有限公司", "18", {}),
    (_LUSHAN, "鲁山县尧盛针织有限公司", "17", {}),
    (_LUSHAN, "河南靖焜丝绸有限公司", "17", {}),
]

# names the demo used before they were corrected to the seed's spelling: new name → former name
ENTERPRISE_FORMER_NAMES = {
    "河南恒生药业有限公司": "柘城县恒生药业有限公司",
    "河南省白师傅清真食品有限公司": "柘城县白师傅清真食品有限公司",
    "河南泰森食品有限公司": "柘城县泰森食品有限公司",
    "柘城春海辣椒食品有限公司": "柘城县春海辣椒食品有限公司",
    "柘城万昌食品包装有限公司": "柘城县万昌食品包装有限公司",
    "商丘坤宇生物科技有限公司": "柘城县坤宇生物科技有限公司",
    "河南中盛动物药业有限公司": "柘城县中盛动物药业有限公司",
    "河南老君堂制药有限公司": "柘城县老君堂制药有限公司",
}

# Seed 004 (平桥区农村信用合作联社's report): organisation code only, no credit code;
# registered 2005-09-02 with 2006万元 capital. Real estate (GB/T 4754 division 70).
ENTERPRISES_WITH_ORG_CODE = [
    {
        "cluster": "41150301",
        "name": "信阳中泰置业有限公司",
        "org_code": "77943225-2",
        "industry": "70",
        "registered_capital": "2006",
    },
]

# ---------------------------------------------------------------- users
# unit: (region code, unit name); one user per role, all with PASSWORD.
USERS = [
    {
        "username": "admin",
        "full_name": "系统管理员",
        "roles": ["office_admin"],
        "unit": ("410000", PROVINCE_OFFICE),
        "is_superuser": True,
        "is_staff": True,
    },
    {
        "username": "province_admin",
        "full_name": "张建国",
        "roles": ["office_admin"],
        "unit": ("410000", PROVINCE_OFFICE),
    },
    {
        "username": "zmd_staff",
        "full_name": "李静",
        "roles": ["office_staff"],
        "unit": ("411700", "驻马店市产业集聚区发展联席会议办公室"),
    },
    {
        "username": "lushan_reporter",
        "full_name": "赵志强",
        "roles": ["cluster_reporter"],
        "unit": ("410423", "鲁山县产业集聚区管委会"),
    },
    {
        "username": "zmd_fgw",
        "full_name": "刘洋",
        "roles": ["department_liaison"],
        "unit": ("411700", "驻马店市发展改革委"),
    },
    {
        "username": "lushan_leader",
        "full_name": "陈卫东",
        "roles": ["project_leader"],
        "unit": ("410423", "鲁山县产业集聚区发展联席会议办公室"),
    },
    {
        "username": "viewer",
        "full_name": "孙丽",
        "roles": ["readonly"],
        "unit": ("410000", PROVINCE_OFFICE),
    },
]
