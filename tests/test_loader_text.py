"""The corpus document (Word-extracted text) loads completely, asserted field by field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfrules.ast import Compare, Op
from perfrules.errors import DocumentError
from perfrules.loaders import load, load_bytes
from perfrules.model import Document, DocumentKind, Locator

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "shuangqiao-cdi-2021-targets.txt"
SOURCE = str(CORPUS)
UNIT = "222001中国共产党承德市双桥区纪律检查委员会本级"

PROJECTS = [
    ("1308022118MGPM09VPFGH", "镇街纪检组织建设", "55.20", "镇街纪检组织建设经费支出"),
    ("130802217ISPW0TV77BF2", "巡察工作经费", "10.00", "巡察工作抽调人员差旅费及办公设备购置支出"),
    (
        "13080221YC5CUF58X7C1K",
        "视频会议室建设",
        "7.43",
        "用于支付会议终端设备、高清摄像机、专业调音台、手机信号屏蔽器、电源控制器和集成费等",
    ),
    (
        "13080221ZMST218CULA8L",
        "劳务派遣人员工资保险",
        "12.20",
        "发放劳务派遣人员工资，缴纳各项保险",
    ),
]
PLANS = [
    ["25.00", "50.00", "75.00", "100.00"],
    ["25.00", "50.00", "75.00", "100.00"],
    ["25.00", "50.00", "75.00", "100.00"],
    ["30.00", "60.00", "90.00", "100.00"],
]
GOALS = [
    [
        "为进一步加强镇级纪检组织建设，切实加强镇级纪检干部日常管理。",
        "镇纪委经费保障纳入财政预算，由区纪委统一管理，切实增强镇纪委监督权的相对独立性和权威性。",
        "镇纪委经费保障纳入财政预算，由区纪委统一管理，切实增强镇纪委监督权的相对独立性和权威性。",
    ],
    [
        "提升巡察工作规范化水平，强化巡视巡察 保障工作。",
        "保证区委巡察工作正常开展",
        "保证区委巡察工作正常开展",
    ],
    [
        "提高全市纪检监察机关信息化建设水平，满足系统内部视频会议、业务交流、培训等工作需求。",
        "完成内网由秘密级向机密级的迁移改造任务，对接建成并开通市县两级纪检监察机关非密视频会议系统。",
    ],
    [
        "按月及时发放劳务派遣人员工资，确保后勤保障工作顺利进行",
        "保证单位工作正常开展",
        "保证单位工作正常开展",
    ],
]
SATISFACTION = (
    "满意度指标",
    "服务对象满意度指标",
    "机关单位人员满意度",
    "调查中反馈满意和较满意的机关单位人员数量占调查人员总数的比率",
    "≥90百分比",
    "机关要求",
)
# (tier, category, name, description, target, basis) — every row of every table
ROWS = [
    [
        (
            "产出指标",
            "数量指标",
            "监督检查工作完成率",
            "镇街纪检监督检查工作完成比率",
            "≥90百分比",
            "文件规定",
        ),
        (
            "产出指标",
            "质量指标",
            "为纪检监察业务提供保障",
            "为纪检监察业务提供保障",
            "≥90百分比",
            "文件规定",
        ),
        ("产出指标", "时效指标", "正常运转执行率", "经费正常运转执行率", "≥90百分比", "行业标准"),
        ("产出指标", "成本指标", "总成本", "镇街纪检监督检查工作的经费", "55.2万元", "文件规定"),
        ("效益指标", "经济效益指标", "社会稳定水平", "社会稳定水平", "≥90百分比", "文件规定"),
        ("效益指标", "经济效益指标", "遏制腐败现象", "遏制腐败现象", "≥90百分比", "文件规定"),
        ("效益指标", "经济效益指标", "遏制腐败现象", "遏制腐败现象", "≥90百分比", "文件规定"),
        SATISFACTION,
        SATISFACTION,
        SATISFACTION,
    ],
    [
        (
            "产出指标",
            "数量指标",
            "巡视督查工作完成率",
            "巡视督查工作完成比率",
            "≥90百分比",
            "行业标准",
        ),
        (
            "产出指标",
            "质量指标",
            "对巡察工作人员培训工作完成率",
            "对巡察工作人员培训工作完成率",
            "≥90百分比",
            "行业标准",
        ),
        ("产出指标", "时效指标", "正常运转执行率", "经费正常运转的比率", "≥90百分比", "行业标准"),
        ("产出指标", "成本指标", "总成本", "巡察工作经费总支出", "10万元", "行业标准"),
        ("效益指标", "社会效益指标", "社会稳定水平", "社会稳定水平", "≥90百分比", "行业标准"),
        ("效益指标", "社会效益指标", "社会稳定水平", "社会稳定水平", "≥90百分比", "行业标准"),
        (
            "效益指标",
            "可持续影响指标",
            "为党风廉政建设提供服务和保障",
            "为党风廉政建设提供服务和保障",
            "≥90百分比",
            "行业标准",
        ),
        SATISFACTION,
        SATISFACTION,
        SATISFACTION,
    ],
    [
        ("产出指标", "数量指标", "覆盖率", "建成达标会议室所占比率", "≥90百分比", "文件规定"),
        ("产出指标", "质量指标", "验收合格率", "验收合格的比率", "≥90百分比", "文件规定"),
        ("产出指标", "时效指标", "完成率", "完成进度", "≥90百分比", "文件规定"),
        ("产出指标", "成本指标", "总成本", "项目投资成本", "7.43万元", "按合同约定"),
        (
            "效益指标",
            "经济效益指标",
            "省市县视频会议实现对接",
            "省市县视频会议实现对接",
            "≥90百分比",
            "文件规定",
        ),
        (
            "效益指标",
            "经济效益指标",
            "省市县视频会议实现对接",
            "省市县视频会议实现对接",
            "≥90百分比",
            "文件规定",
        ),
        ("效益指标", "可持续影响指标", "长期使用性", "长时间使用", "≥90百分比", "行业标准"),
        SATISFACTION,
        SATISFACTION,
        SATISFACTION,
    ],
    [
        (
            "产出指标",
            "数量指标",
            "覆盖率",
            "劳务派遣人员种类及数量占单位需求量的比率",
            "≥90百分比",
            "文件规定",
        ),
        (
            "产出指标",
            "质量指标",
            "养老补助档案资料是否建立",
            "养老补助档案资料是否建立",
            "≥90百分比",
            "文件规定",
        ),
        ("产出指标", "时效指标", "正常运转执行率", "经费正常运转", "≥90百分比", "文件规定"),
        (
            "产出指标",
            "成本指标",
            "总成本",
            "反映劳务派遣人员年度工资保险总支出",
            "12.2万元",
            "按合同估算",
        ),
        (
            "效益指标",
            "社会效益指标",
            "补贴发放率",
            "人员补贴发放数占应发总数的比率",
            "≥90百分比",
            "文件规定",
        ),
        (
            "效益指标",
            "社会效益指标",
            "补贴发放率",
            "人员补贴发放数占应发总数的比率",
            "≥90百分比",
            "文件规定",
        ),
        ("效益指标", "可持续影响指标", "长期使用率", "长期使用比率", "≥90百分比", "行业标准"),
        SATISFACTION,
        SATISFACTION,
        SATISFACTION,
    ],
]
# the file line of each table's first indicator row, and of each tier's first row
FIRST_ROW_LINES = [(177, 205, 226), (293, 321, 342), (408, 436, 457), (524, 552, 573)]
DUTIES = [
    ("办案问责", "反映案件的查处力度。"),
    ("监督检查", "反映各项制度年度计划的落实程度。"),
    ("党风廉政建设", "反映实际开展教育活动次数占计划组织活动次数比重。"),
    ("巡察工作", "反映巡视工作完成程度"),
    ("纪律检查体制改革", "反映全区纪检监察系统领导班子、干部队伍和组织建设任务完成情况。"),
    ("部门综合事务管理", "反映保障正常运转情况"),
    ("部门综合事务管理", "反映保障正常运转情况"),
    ("部门综合事务管理", "反映保障正常运转情况"),
    ("部门综合事务管理", "反映保障正常运转情况"),
]


@pytest.fixture(scope="module")
def doc() -> Document:
    return load(CORPUS)


def test_document_level(doc: Document) -> None:
    assert doc.kind is DocumentKind.TARGET_TABLE
    assert doc.source == SOURCE
    assert doc.department == UNIT
    assert doc.year == 2021
    assert doc.summary is not None and doc.summary.startswith("2021年区纪委监委将严格按照")
    assert doc.locate("summary") == Locator(SOURCE, line=4)
    assert [g.number for g in doc.overall_goals] == [1, 2, 3, 4, 5, 6, 7]
    assert doc.overall_goals[0].text.startswith("强化理论武装")
    assert doc.overall_goals[6].locator == Locator(SOURCE, line=18)
    assert [m.number for m in doc.measures] == [1, 2, 3, 4, 5, 6, 7]
    assert doc.measures[0].text.startswith("办公室负责机关日常运转工作")
    assert doc.measures[1].text.startswith(
        "组织部根据干部管理权限"
    )  # written "(二）" with mixed brackets


def test_nothing_dropped_silently(doc: Document) -> None:
    # the only line not read is the page number at the end, and it is listed
    assert [(w.code, str(w.locator)) for w in doc.warnings] == [("ignored-line", f"{SOURCE}:595")]


def test_nine_duties(doc: Document) -> None:
    assert len(doc.duties) == 9
    assert [d.number for d in doc.duties] == list(range(1, 10))
    assert [(d.name, d.performance_description) for d in doc.duties] == DUTIES
    first = doc.duties[0]
    assert (
        first.description
        == "受理信访、举报，集中管理问题线索、组织协调案件查办，调查、审查违纪违法案件，案件审理提出处理意见。"
    )
    assert first.goal == "维护党纪国法尊严，坚决惩处腐败分子，有效遏制腐败现象。"
    assert first.indicator == "按照预算项目管理规定，规范、高效使用专项资金，确保案件查处顺利进行。"
    assert first.locator == Locator(SOURCE, line=23)
    assert first.locate("goal") == Locator(SOURCE, line=27)
    assert doc.duties[8].goal == "为案件查办、纪检监察业务、提供服务和保障。"
    assert doc.duties[8].locate("performance_description") == Locator(SOURCE, line=111)


@pytest.mark.parametrize("index", range(4))
def test_project_identity_and_budget(doc: Document, index: int) -> None:
    code, name, budget, fund_use = PROJECTS[index]
    project = doc.projects[index]
    assert (project.code, project.name, project.unit, project.fund_use) == (
        code,
        name,
        UNIT,
        fund_use,
    )
    assert project.department is None
    assert project.assessment is None
    assert project.budget is not None
    assert project.budget.unit == "万元"
    assert project.budget.total == Decimal(budget)
    assert str(project.budget.total) == budget  # as written, two decimals kept
    assert [(s.name, s.amount) for s in project.budget.sources] == [
        ("财政资金", Decimal(budget)),
        ("其他资金", Decimal(0)),
    ]
    assert project.budget.total == project.budget.sources_total()


def test_project_locators(doc: Document) -> None:
    project = doc.projects[0]
    assert project.locate("code") == Locator(SOURCE, line=137)
    assert project.locate("name") == Locator(SOURCE, line=139)
    assert project.locate("unit") == Locator(SOURCE, line=133)
    assert project.locate("fund_use") == Locator(SOURCE, line=150)
    assert project.budget is not None
    assert project.budget.locate("total") == Locator(SOURCE, line=143)
    assert project.budget.sources[0].locate("amount") == Locator(SOURCE, line=145)
    assert project.budget.sources[1].locate("amount") == Locator(SOURCE, line=147)
    assert project.spending_plan is not None
    assert project.spending_plan.checkpoints[3].locate("percent") == Locator(SOURCE, line=162)


@pytest.mark.parametrize("index", range(4))
def test_spending_plan(doc: Document, index: int) -> None:
    plan = doc.projects[index].spending_plan
    assert plan is not None
    assert [c.label for c in plan.checkpoints] == ["3月底", "6月底", "10月底", "12月底"]
    assert [c.percent for c in plan.checkpoints] == [Decimal(p) for p in PLANS[index]]


@pytest.mark.parametrize("index", range(4))
def test_goals(doc: Document, index: int) -> None:
    goals = doc.projects[index].goals
    assert [g.text for g in goals] == GOALS[index]
    assert [g.number for g in goals] == list(range(1, len(GOALS[index]) + 1))


def test_goal_locators_follow_continuation_lines(doc: Document) -> None:
    assert [g.locator for g in doc.projects[0].goals] == [
        Locator(SOURCE, line=165),
        Locator(SOURCE, line=166),
        Locator(SOURCE, line=167),
    ]


@pytest.mark.parametrize("index", range(4))
def test_indicator_rows(doc: Document, index: int) -> None:
    # The issue says 13 rows per table; the file holds 10 (4 产出, 3 效益, 3 满意度).
    indicators = doc.projects[index].indicators
    assert len(indicators) == 10
    found = [
        (i.tier, i.category, i.name, i.description, i.target_text, i.basis) for i in indicators
    ]
    assert found == ROWS[index]
    for indicator in indicators:
        assert indicator.target is not None and indicator.target_error is None
        assert (indicator.actual, indicator.weight, indicator.claimed) == (None, None, None)


@pytest.mark.parametrize("index", range(4))
def test_tiers_carried_down_point_at_their_cell(doc: Document, index: int) -> None:
    indicators = doc.projects[index].indicators
    output, benefit, satisfaction = FIRST_ROW_LINES[index]
    assert indicators[0].locator == Locator(SOURCE, line=output + 2)
    expected = [output] * 4 + [benefit] * 3 + [satisfaction] * 3
    assert [i.locate("tier") for i in indicators] == [Locator(SOURCE, line=n) for n in expected]
    assert indicators[1].locate("category") == Locator(SOURCE, line=output + 8)


def test_targets_parsed(doc: Document) -> None:
    first, cost = doc.projects[0].indicators[0], doc.projects[0].indicators[3]
    assert isinstance(first.target, Compare)
    assert first.target.op is Op.GE and first.target.quantity.value == Decimal(90)
    assert str(first.target.quantity.unit.symbol) == "%"
    assert isinstance(cost.target, Compare) and cost.target.implied
    assert cost.target.quantity.in_base() == Decimal("552000")


def test_gbk_text_loads_the_same() -> None:
    data = CORPUS.read_text(encoding="utf-8").encode("gb18030")
    doc = load_bytes(data, suffix=".txt", source="corpus-gbk.txt")
    assert doc == load(CORPUS)


def test_crlf_and_unknown_lines() -> None:
    text = CORPUS.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert load_bytes(text.encode(), suffix=".txt") == load(CORPUS)


def test_not_a_target_document() -> None:
    with pytest.raises(DocumentError) as err:
        load_bytes(b"hello\nworld\n", suffix=".txt", source="x.txt")
    assert err.value.code == "unrecognised-layout"
    assert err.value.location == "x.txt"


def test_bad_target_is_kept_with_its_error() -> None:
    text = CORPUS.read_text(encoding="utf-8").replace("55.2万元", "≥≥5", 1)
    doc = load_bytes(text.encode(), suffix=".txt", source="bad.txt")
    cost = doc.projects[0].indicators[3]
    assert cost.target is None
    assert cost.target_text == "≥≥5"
    assert cost.target_error is not None and cost.target_error.code
    assert cost.locate("target") == Locator("bad.txt", line=202)
