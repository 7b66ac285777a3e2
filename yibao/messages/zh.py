"""The Chinese catalogue: one sentence per error kind, and the Chinese label of each field.

A template is ``str.format`` text over the error's ``params`` as :func:`yibao.messages.message` shows
them in Chinese (a typed value in “…”, a day as ``2025年1月31日``, choices with their Chinese names
joined by 、) plus ``field``, the field's label. Every template names no English word: only the
values and codes a person typed or may type appear (tests/test_messages.py checks it).
"""

from __future__ import annotations

#: What each kind of value allows, said once and reused by the kinds of that value.
ALLOWED = {
    "money": "请填写不小于 0 的金额(元),例如 380 或 971.19",
    "whole": "请填写 {low} 至 {high} 的整数",
    "date": "请填写 {low} 至 {high} 之间的日期,例如 2025-01-31 或 2025年1月31日",
    "bool": "请填写 是 或 否",
    "choice": "可选:{choices}",
    "text": "请填写不超过 {maximum} 个字的一行文字",
    "folder": "请给出存放政策 YAML 文件的文件夹",
    "people": "请给出家庭成员的列表,每人一组参数(缴费档次、人群、出生日期等)",
    "person": "请给出一个人的参数(缴费档次、人群、性别、出生日期、年龄、年收入、缴费日期)",
    "policies": "请给出由政策编号组成的列表",
    "groups": "请给出人群的列表(人群的中文名或代码)",
}

#: kind → template. ``{field}`` is the field's Chinese label.
TEMPLATES = {
    # any kind of value
    "value.missing": "{field}:未填写;{allowed}",
    "value.empty": "{field}:是空的;{allowed}",
    # money (inputs.parse_money)
    "money.wrong_type": "{field}:{value} 不是金额;" + ALLOWED["money"],
    "money.too_long": "{field}:{value} 太长,不是金额;请填写 0 至 {maximum} 元的金额",
    "money.not_finite": "{field}:{value} 不是有限的金额;" + ALLOWED["money"],
    "money.not_a_number": "{field}:{value} 不是数字;" + ALLOWED["money"] + ",不要带逗号、空格、指数或单位",
    "money.negative": "{field}:{value} 是负数;" + ALLOWED["money"],
    "money.too_large": "{field}:{value} 太大;请填写 0 至 {maximum} 元的金额",
    "money.too_precise": "{field}:{value} 超过两位小数;金额精确到分,例如 12.34",
    "money.zero": "{field}:不能为 0;请填写大于 0 的金额(元)",
    # whole numbers (inputs.parse_whole)
    "whole.wrong_type": "{field}:{value} 不是整数;" + ALLOWED["whole"],
    "whole.not_whole": "{field}:{value} 不是整数;" + ALLOWED["whole"],
    "whole.too_long": "{field}:{value} 太长,不是整数;" + ALLOWED["whole"],
    "whole.out_of_range": "{field}:{value} 超出范围;" + ALLOWED["whole"],
    # dates (inputs.parse_date)
    "date.missing_time": "{field}:缺少日期(空值);" + ALLOWED["date"],
    "date.not_a_date": "{field}:{value} 不是日期;" + ALLOWED["date"],
    "date.not_real": "{field}:{value} 不是真实存在的日期;" + ALLOWED["date"],
    "date.wrong_type": "{field}:{value} 不是日期;" + ALLOWED["date"],
    "date.out_of_range": "{field}:{value} 超出范围;" + ALLOWED["date"],
    "date.after": "{field}:{value} 晚于{other_field}{other};请填写不晚于{other_field}的日期",
    "date.in_future": "{field}:{value} 在今天之后;请填写今天或以前的日期",
    # yes/no, choices, text (inputs.parse_bool, parse_choice, parse_text)
    "bool.not_yes_no": "{field}:{value} 不是“是”或“否”;可填 是/否、1/0、true/false、yes/no",
    "choice.unknown": "{field}:{value} 不是可选的值;" + ALLOWED["choice"],
    "key.unknown": "{field}:不认识这一项;可填:{choices}",
    "text.wrong_type": "{field}:{value} 不是文字;" + ALLOWED["text"],
    "text.too_long": "{field}:有 {length} 个字,太长;" + ALLOWED["text"],
    "text.control_characters": "{field}:{value} 含有控制字符(如换行);" + ALLOWED["text"],
    "list.wrong_type": "{field}:应为一个列表;{allowed}",
    "mapping.wrong_type": "{field}:格式不对;{allowed}",
    "list.empty": "{field}:至少要填一项;{allowed}",
    # policies and folders (policy.loader, policy.check)
    "policy.unknown": "{field}:没有 {value} 这项政策;可选:{choices}",
    "policy.not_stated": "{field}:政策 {policy} 没有规定{section};可选用规定了它的政策:{choices}",
    "folder.not_a_folder": "{field}:{value} 不是文件夹;" + ALLOWED["folder"],
    # people (calculators.person, premium, coverage)
    "tier.choose": "{field}:政策 {policy} 有几个档次,请选择一个;可选:{choices}",
    "tier.unknown": "{field}:政策 {policy} 没有 {value} 这一档;可选:{choices}",
    "age.contradicts_birth_date": "{field}:{value} 岁与出生日期{birth_date}不符({on}应为{computed}周岁);"
                                  "可不填年龄,或填写那天的周岁",
    "age.too_old": "{field}:{value} 算来已 {age} 岁;年龄最多 {maximum} 岁",
    "birth_date.needed_for_newborn": "{field}:新生儿需要填写出生日期,例如 2025-03-01",
    "income.needed_for_aid": "{field}:享受“{aid}”需要填写本人的年收入(元)",
    "groups.contradict": "{field}:{group} 与 {other} 互相矛盾;只能选其中之一",
    "groups.contradicts_infant": "{field}:{group} 与 0 岁(婴儿)矛盾;请去掉{group},或核对出生日期或年龄",
    "group.unknown": "{field}:不认识人群 {value};请填写人群的中文名或代码,例如 低保对象 或 dibao",
    # payment dates (calculators.coverage)
    "coverage.outside_year": "{field}:{value} 不在政策 {policy} {year}年度的缴费时间内;可在{first}至{last}缴费",
    "coverage.no_period": "{field}:政策 {policy} 没有规定 {year}年度的缴费期(文章未给出日期),"
                          "{value} 缴费无从判断{anytime_note}",
    "coverage.outside_periods": "{field}:{value} 不在政策 {policy} 的任何缴费期内(缴费期:{periods}){anytime_note}",
    "coverage.payable_days": "{field}:{value} 是当月 {day} 日;每月只能在 {first} 日至 {last} 日缴费",
    # waiting periods and flexible employment (calculators.waiting, flexible)
    "years.more_than_gap": "{field}:{value} 年多于断缴的 {gap} 年;请填写 0 至 {gap}",
    # policy files (policy.reader, merge, loader): ``field`` is the file and the key in it
    "file.not_found": "政策文件 {file}:找不到这个文件",
    "file.unreadable": "政策文件 {file}:无法读取",
    "file.not_a_file": "政策文件 {file}:不是普通文件",
    "file.too_large": "政策文件 {file}:有 {size} 字节,太大,不是政策文件(最多 {maximum} 字节)",
    "file.not_utf8": "政策文件 {file}:不是 UTF-8 编码的文字(第 {byte} 字节)",
    "yaml.alias": "政策文件 {file}{where}:政策文件不能用 YAML 锚点和别名(&name、*name、<<: *name),请把每个值写出来",
    "yaml.too_deep": "政策文件 {file}{where}:嵌套超过 {maximum} 层,不是政策文件",
    "yaml.invalid": "政策文件 {file}{where}:不是有效的 YAML",
    "policy_file.not_a_mapping": "政策文件 {file}{where}:应为“键: 值”的映射",
    "policy_file.extends_wrong_type": "政策文件 {file}:extends 应为一个上级政策的编号,或由编号组成的列表",
    "policy_file.key_missing": "政策文件 {file}:缺少必填的键 {key}",
    "policy_file.id_mismatch": "政策文件 {file}:id 是 {value},但文件名是 {expected}",
    "policy_file.extends_circular": "政策文件 {file}:extends 循环引用({chain})",
    "policy_file.reform_in_sources": "政策文件 {file}:{key} 只由政策模拟的改革方案设定,不能写在文件里",
    "policy_file.extends_unknown": "政策文件 {file}:extends 中的上级政策 {value} 不在此文件夹;可选:{choices}",
}

#: After a payment date without a rule, where the policy names people who may enrol at any time.
ANYTIME = ";可随时参保的只有:{anytime}"

#: Where in a policy file (a YAML mark): " 第3行第5列".
MARK = " 第{line}行第{column}列"

#: An error that is none of yibao's input, policy and policy-data errors.
FALLBACK_OTHER = "出错了({detail})"
SEE_ENGLISH = "详细说明可加 --lang en 查看"

#: Field name (a part of a field path, or an option without its dashes) → Chinese label.
LABELS = {
    "policy": "政策",
    "policies": "政策",
    "cost": "费用",
    "paid_on": "缴费日期",
    "birth_date": "出生日期",
    "tier": "缴费档次",
    "groups": "人群",
    "group": "人群",
    "age": "年龄",
    "sex": "性别",
    "income": "年收入",
    "person": "人员信息",
    "members": "家庭成员",
    "category": "人员类别",
    "employee_insured": "已参加职工医保",
    "enrolled_elsewhere": "已在异地参保",
    "employee_insurance_ended_on": "职工医保停保日期",
    "average_wage": "社会平均工资",
    "average_wage_last_year": "上年社会平均工资",
    "employment_ended_on": "解除劳动关系日期",
    "receiving_unemployment_benefit": "正在领取失业保险金",
    "unemployment_benefit": "正在领取失业保险金",
    "relative_in_region": "亲属在本地区参保",
    "relative_status_normal": "亲属参保状态正常",
    "relation": "亲属关系",
    "member_insurance": "亲属的险种",
    "member_insured_in_region": "亲属在本地区参保",
    "member_balance": "亲属个人账户余额",
    "account_balance": "个人账户余额",
    "authoriser_balance": "授权人个人账户余额",
    "delivery": "分娩方式",
    "difficult": "难产",
    "babies": "胎儿数",
    "surviving_babies": "存活胎儿数",
    "gap_years": "断缴年数",
    "backpaid_years": "补缴年数",
    "continuous_years": "连续参保年数",
    "history": "参保记录",
    "year": "年度",
    "retired": "已退休",
    "retroactive_paid_on": "补缴日期",
    "cover_start": "待遇开始日期",
    "cover_end": "待遇终止日期",
    "waiting_until": "等待期截止日期",
    "incentive_amount": "奖励金额",
    "claims": "费用明细",
    "claim": "费用",
    "date": "日期",
    "kind": "费用类别",
    "level": "医院等级",
    "admission": "住院次序",
    "outside_catalogue": "目录外费用",
    "facility": "医疗机构类别",
    "drug_class": "药品类别",
    "ethnic_share": "民族药费用",
    "emergency": "急诊",
    "designated": "定点机构",
    "excluded": "不予报销原因",
    "label": "说明",
    "visit": "就诊",
    "major_disease": "重大疾病",
    "inpatient": "住院费用",
    "outpatient": "普通门诊费用",
    "special_outpatient": "门诊特殊病费用",
    "port": "端口",
    "kernel_idle": "内核空闲时限",
    "page_idle": "页面空闲时限",
    "ready_kernels": "预备内核数",
    "lang": "语言",
    "YIBAO_LANG": "语言",
    "YIBAO_POLICIES": "政策文件夹",
    "command": "子命令",
    "enrolled": "是否参保",
    "fund_reimbursed": "是否有基金报销",
    "incentive_used": "是否用了激励额度",
}

#: A list's items: the list's name → (how its item n is called, labels of the item's fields where
#: they differ from :data:`LABELS`). ``claims[3].cost`` → "第4笔费用的金额".
ITEMS = {
    "claims": ("第{n}笔费用", {"cost": "金额"}),
    "members": ("第{n}位家庭成员", {}),
    "history": ("第{n}条参保记录", {}),
}

#: A line of a text box (``params["line"]``, maybe ``params["column"]``): "参保记录第2行的年度".
LINE = "{field}第{line}行"
#: A field given by a command-line option: "出生日期(--birth-date)".
OPTION = "{field}({option})"
COLUMN = "{field}的{column}"

#: A policy section a calculator needs → its Chinese name (``policy.not_stated``).
SECTIONS = {
    "premium": "保费",
    "coverage": "缴费期和待遇享受期",
    "enrolment": "参保范围",
    "flexible": "灵活就业人员参保",
    "maternity": "生育待遇",
    "account_sharing": "个人账户家庭共济",
}

#: A list position outside :data:`ITEMS` (``history[0]`` of a list not named there), and what joins
#: the parts of a label ("第4笔费用" + "金额").
POSITION = "第{n}项"
OF = "的"

#: The words joining parts of a message.
LIST_SEPARATOR = "、"
AND_MORE = "等 {n} 项"
EMPTY = "(空)"

#: The command line's own complaints (argparse's English sentences) → Chinese, tried in order; the
#: groups are the options and values the person typed. One that matches none is shown as it is.
ARGPARSE = (
    (r"the following arguments are required: (?P<names>.+)", "缺少必填的选项:{names}"),
    (r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
     "{name}:{value} 不是可选的值;可选:{choices}"),
    (r"argument (?P<name>\S+): invalid \S+ value: (?P<value>.+)", "{name}:{value} 不是有效的值"),
    (r"argument (?P<name>\S+): expected one argument", "{name}:后面要跟一个值"),
    (r"argument (?P<name>\S+): expected at most one argument", "{name}:后面最多跟一个值"),
    (r"argument (?P<name>\S+): expected at least one argument", "{name}:后面至少跟一个值"),
    (r"argument (?P<name>\S+): not allowed with argument (?P<other>\S+)", "{name}:不能与 {other} 同时使用"),
    (r"argument (?P<name>\S+): ignored explicit argument (?P<value>.+)", "{name}:不接受值 {value}"),
    (r"one of the arguments (?P<names>.+) is required", "{names} 中必须填写一项"),
    (r"ambiguous option: (?P<name>\S+) could match (?P<choices>.+)", "{name}:有歧义,可能是 {choices}"),
    (r"unrecognized arguments: (?P<names>.+)", "不认识的参数:{names}"),
    (r"argument (?P<name>\S+): (?P<message>.+)", "{message}"),  # a value refused by its parser: already said
)
#: After an argparse complaint: where to read the options.
SEE_HELP = "(见 {prog} --help)"

# ---------------------------------------------------------------- the web API (yibao serve)
TEMPLATES.update({
    "api.exclusive": "{field}:不能与{other_field}同时填写;只填其中之一",
    "api.too_many": "{field}:项数太多;最多 {maximum} 项",
    "api.text_too_long": "{field}:太长;最多 {maximum} 个字",
    "api.too_large": "{field}:太大;最多 {maximum} 字节",
    "api.not_json": "{field}:格式不对;请求体应为一个对象:花括号里逐项写“名称: 值”,名称见接口文档页",
    "serve.host": "{field}:{value} 不是网络地址;请填写网络地址,例如 127.0.0.1(只本机访问)或 0.0.0.0(所有网卡)",
    "api.timeout": "{field}:计算超过 {maximum} 秒,已停止;请减少费用笔数或人数后再试",
})
LABELS.update({
    "body": "请求", "household": "家庭成员", "set": "改革方案", "reform": "改革方案", "overrides": "改动",
    "old": "旧政策", "new": "新政策", "people": "人员表", "person_id": "人员编号", "title": "标题",
    "note": "说明", "path": "路径", "value": "取值", "policy_id": "政策", "host": "监听地址", "workers": "工作进程数",
})
ITEMS.update({"household": ("第{n}位家庭成员", {}), "people": ("人员表第{n}行", {}),
              "overrides": ("第{n}项改动", {}), "set": ("改革方案第{n}项", {})})

# ---------------------------------------------------------------- other libraries' texts (issue 20)

#: What is wrong, without the field, for the kinds :data:`yibao.errors.READER_TEXTS` gives pydantic's,
#: the YAML and file readers' and older raise sites' English texts. A message is the field (or the
#: policy file and where in it) and this phrase; a param the text did not give is left out.
PHRASES = {
    "value.missing": "未填写{allowed_zh}",
    "value.empty": "是空的",
    "key.extra": "不认识这一项(多写了,或键名拼错了)",
    "value.wrong_type": "{value} 类型不对;应为{expected}",
    "number.too_small": "{value} 太小;应不小于 {low}",
    "number.not_above": "{value} 太小;应大于 {low}",
    "number.too_large": "{value} 太大;应不大于 {high}",
    "number.not_below": "{value} 太大;应小于 {high}",
    "number.too_precise": "{value} 小数位数太多{places_note}",
    "number.out_of_range": "{value} 超出范围;应在 {low} 至 {high} {unit_zh}之间",
    "choice.unknown": "{value} 不是可选的值;可选:{choices}",
    "yaml.not_finite": "{value} 不是有限的十进制数字",
    "yaml.not_plain_number": "{value} 不是普通的十进制数字(YAML 1.1 与 1.2 读法不同,例如 1:30、0777、1_000);"
                             "请写成普通十进制数,或加引号表示文字",
    "yaml.ambiguous_bool": "{value} 在 YAML 1.1 中是是非值,在 YAML 1.2 中是文字;请写 true 或 false,或加引号表示文字",
    "yaml.not_real_date": "{value} 不是真实存在的日期",
    "yaml.tag": "不能使用 YAML 标签 {value}",
    "yaml.invalid": "不是有效的 YAML(请检查引号、括号、冒号和缩进)",
    "yaml.too_deep": "嵌套超过 {maximum} 层,不是政策文件",
    "yaml.alias": "不能用 YAML 锚点和别名(&name、*name、<<: *name),请把每个值写出来",
    "file.at": "{value} 第{line}行第{column}列:{inner}",
    "file.missing": "找不到文件 {value};请检查文件的路径",
    "file.cannot_read": "无法读取 {value}{why_zh};请检查文件的路径",
    "file.not_text": "含有 NUL 字符,不是文本文件;请给出 CSV 或 JSON 文本文件",
    "file.gbk": "看来是 GBK/GB18030 编码(中文 Windows 上 Excel 另存的普通“CSV”),不是 UTF-8;"
                "请在 Excel 中另存为“CSV UTF-8”",
    "file.needed": "找不到 {value};每个政策文件夹都需要这个文件",
    "file.not_regular": "不是普通文件(文件夹、管道或失效的链接),不作为政策读取",
    "mapping.wrong_type": "格式不对;应为“键: 值”的映射",
    "list.wrong_type": "格式不对;应为一个列表",
    "column.unknown": "不认识这一列;可用的列:{choices}",
    "value.repeated": "{value} 重复出现{count_note};每一项只能出现一次",
    "tier.unknown": "政策 {policy} 没有 {value} 这一档;可选:{choices}",
    "tier.choose": "政策 {policy} 有几个档次,请选择一个;可选:{choices}",
    "visit.wrong_type": "{value} 不是就诊的名称;请填写一段文字,例如 v1",
    "year.wrong_type": "{value} 不是年份;请填写年份,例如 2025",
    "bool.not_yes_no": "{value} 不是“是”或“否”;可填 是/否、1/0、true/false、yes/no",
    "history.reimbursed_not_enrolled": "{year}年度未参保,却填了有基金报销;未参保的年度请填 否",
    "history.incentive_not_reimbursed": "{year}年度用了激励额度,但没有基金报销(大病保险赔付就是基金报销);"
                                        "请把是否有基金报销填为 是,或把这一项填为 否",
    "history.no_incentive": "{year}年度没有可用的激励额度;这一年请填 否",
    "history.years_missing": "缺少 {years} 年度的记录;从第一年起每年都要有一条记录",
    "group.unknown": "不认识人群 {value};请填写人群的中文名或代码,例如 低保对象 或 dibao",
    "policy.unknown": "没有 {value} 这项政策;可选:{choices}",
    "incentive.not_stated": "政策 {policy} 没有规定大病保险的激励机制(起付线降低、限额提高)",
    "date.before_start": "{value} 早于待遇开始日期 {first};请填写不早于开始日期的日期",
    "date.out_of_range": "{value} 超出范围;应在 {low} 至 {high} 之间",
    "date.wrong_type": "{value} 不是日期;请写成 2025-01-31 这样的日期",
    "claims.too_much": "费用合计超过 {maximum} 元;请核对金额",
    "claims.mixed_years": "{value} 在 {year} 年,而第一笔费用在 {first} 年;一次只结算一个年度的费用",
    "claims.outside_year": "{value} 不在政策 {policy} 的 {year} 年度待遇期内",
    "reform.unknown_path": "政策 {policy} 中没有 {value} 这一项;yibao diff 可列出政策的各项数值",
    "reform.shown_only": "{value} 是文章列出以供展示的数字,计算不用它;请改一个计算用到的数值",
    "reform.not_a_number": "{value} 不是金额、比例、数量或日期;改革方案只改数字和日期",
    "reform.whole_rule": "{value} 是一整条规定,不是一个数值;请写到其中的一个数值",
    "reform.set_syntax": "{value} 不是“路径=数值”的形式;例如 catastrophic.deductible.high=4000",
    "reform.not_a_path": "{value} 不是路径;请写用点分隔的路径,例如 catastrophic.deductible.high",
    "reform.no_overrides": "没有任何改动;请至少给出一项“路径=数值”",
    "reform.too_many": "有 {count} 项改动,太多了",
    "reform.refused": "{key}:{inner}",
    "money.too_precise": "{value} 超过两位小数;金额精确到分",
    "rate.too_precise": "比例 {value} 超过四位小数;比例精确到万分之一",
    "rate.out_of_range": "{value} 超出比例的范围;比例应在 0 至 1 之间(即 0% 至 100%)",
    "rule.unknown": "{value} 不是规则编号;请写 L3、T17、X4 这样的编号",
    "source.unknown": "出处 {value} 不在本文件夹的 sources.yaml 中",
    "assumption.unknown": "假设 {value} 没有在 assumptions 下定义",
    "assumption.no_groups": "假设 {value} 列在 readings_against 中,却没有在 decides_for 写出它排除的人群",
    "quote.article_missing": "找不到文章 {value}(文章文件夹:{folder})",
    "quote.not_found": "引文在文章 {value} 中找不到原文",
    "provenance.missing": "这个数值缺少 {missing};每个数值都要有 source、quote 和 rules",
    "yaml.binary": "二进制数据(!!binary)不能作为政策的值",
    "date.before": "{value} {day} 早于 {other_key} {other};日期先后不对",
    "column.missing": "缺少这一必填的列",
    "column.repeated": "这一列出现了两次;每一列只能有一次",
    "json.invalid": "不是有效的 JSON(请检查引号、逗号和括号)",
    "row.not_an_object": "应为一个“列名: 值”的对象",
    "rows.not_a_list": "应为由对象组成的列表,每笔一个“列名: 值”的对象",
    "file.empty": "文件是空的",
    "row.too_many_cells": "有 {cells} 项,多于 {header} 项;每行依次填写:年度,是否参保,是否有基金报销,是否用了激励额度",
    "claim.person_fact": "这是人员的情况,不属于某一笔费用(重大疾病救助的限额按人按年计算);请从费用明细中删去这一列,"
                         "改用 --major-disease 选项,或人员信息中的 major_disease",
    "employee_outpatient.no_rate": "政策 {policy} 没有规定职工医保门诊统筹的报销比例:文章只给出"
                                   "年度起付线 {retired} 元(退休)、{working} 元(在职)和年度限额 {limit} 元,"
                                   "因此这笔费用无法结算(不按猜测的比例计算)",
    "claim.no_rule": "政策 {policy} 没有规定{claim_kind}的报销办法",
    "claim.no_level_rule": "政策 {policy} 没有规定 {value} 级医院的住院报销办法",
    "claim.no_ethnic_rule": "政策 {policy} 没有规定民族药的报销办法",
    "claim.admission_not_inpatient": "只有住院费用才有住院次序,这一笔是{claim_kind};请不填",
    "claim.pooled_needs": "未填写;门诊统筹费用需要填写{what_zh}",
    "claim.ethnic_more_than_cost": "{value} 多于政策范围内的费用 {high};请填写 0 至 {high}",
    "claim.ethnic_wrong_kind": "民族药只在住院和门诊特殊病费用中结算,这一笔是{claim_kind};请填 0",
    "port.out_of_range": "{value} 不是端口号;请填写 1 至 65535 的整数",
    "row.cells": "有 {cells} 个格子,但表头有 {header} 列;请让每行的格子数与表头一致",
    "claim.level_missing": "未填写;住院费用需要填写医院等级(1、2 或 3)",
    "windows.overlap": "缴费期 {value} 与 {other} 重叠:同一个缴费日有两条规定",
}

#: What is allowed, as the raise sites say it in English → Chinese (after a missing value).
ALLOWED_TEXTS = (
    (r"a year such as (?P<year>\d+)", ";请填写年份,例如 {year}"),
    (r"a benefit year.*", ";请填写待遇年度(整数年份),例如 2026"),
    (r"true/false, 1/0, yes/no.*", ";请填写 是 或 否"),
)

#: A phrase's field in front: an input's label, or a policy file and where in it.
PHRASE_INPUT = "{field}:{phrase}"
PHRASE_POLICY_DATA = "政策文件 {file}{where}:{phrase}"
#: A text no kind is known for: said in Chinese without it, pointing to the English detail.
UNKNOWN_INPUT = "{field}:输入有误(详细说明可加 --lang en 查看)"
UNKNOWN_POLICY_DATA = "政策文件 {file}{where}:这个值不符合要求(详细说明可加 --lang en 查看)"

#: Types pydantic names ("Input should be a valid string") and units of policy values → Chinese.
TYPES = {"string": "文字", "str": "文字", "integer": "整数", "int": "整数", "number": "数字", "decimal": "数字",
         "float": "数字", "date": "日期", "datetime": "日期", "dictionary": "“键: 值”的映射", "dict": "“键: 值”的映射",
         "mapping": "“键: 值”的映射", "list": "列表", "tuple": "列表", "boolean": " true 或 false",
         "bool": " true 或 false"}
UNITS = {"yuan": "元", "rate": "(比例)", "days": "天", "months": "个月", "years": "年", "count": "", "age": "岁",
         "date": ""}
#: Why a file could not be read (the operating system's words) → Chinese.
OS_REASONS = {"File name too long": "(文件名太长)", "not a usable path": "(不是可用的路径)",
              "Is a directory": "(这是文件夹)", "Permission denied": "(没有读取权限)", "Not a directory": "(路径不对)"}

#: A field the readers name as text: a row and column of a file, a year of the history, a reform file.
FILE_ROW = "{file} 第{row}行的{column}"
FILE_ROW_ONLY = " 第{row}行"
FILE_COLUMN = " 的{column}"
HISTORY_YEAR = "参保记录 {year}年度的{column}"
REFORM_FILE = "改革方案文件 {file} 的 {where}"
REFORM_SET = "--set {path}"
#: The ``yibao check`` report: its head, one line per problem, the summary on stderr.
CHECK_HEAD = "检查 {folder}:{files} 个文件,{policies} 个政策,{quotes} 条引文与原文一致"
CHECK_CLEAN = ";没有发现问题。"
CHECK_FOUND = ";发现 {n} 个问题:"
CHECK_LINE = "- {file}{line_note}:{key}{phrase}"
CHECK_LINE_NO = " 第{line}行"
CHECK_TOP = "(文件整体)"
CHECK_SUMMARY = "yibao: 政策文件有问题:{n} 个"

# ---------------------------------------------------------------- hardening, round 3 (issue 22)
#: The kinds issue 22 added (one block, so that the catalogue's other entries stay as they are).
TEMPLATES.update({
    # numbers: a superscript, circled or other numeric character (inputs.parse_money, parse_whole, parse_date)
    "value.odd_digits": "{field}:{value} 含有上标、圈码或其他文字的数字;请只用数字 0–9(全角数字也可)",
    # the command line: a single-valued option given twice with two values (skins/cli._Once)
    "option.repeated": "{field}:给了两次且值不同,不知道该用哪一个;这个选项只给一次(同一个值重复也可以)",
    # files a user gives: named by place, their content never shown back
    "user_file.unknown_column": "{field}:列名不认识(文件里的列名不在此显示);可用的列:{choices}",
    "user_file.unknown_column_near": "{field}:列名不认识,是不是 {near}?可用的列:{choices}",
    "user_file.unknown_key": "{field}:最外层只能有 “{key}” 一项,其他项不会被读取;请删去其他项",
    "user_file.repeated_key": "{field}:这一项写了两次,不知道该用哪一个;每项只写一次",
    "user_file.not_reform": "{field}:不是改革方案 YAML 文件(文件内容不在此显示);"
                            "请给出改革方案文件:标题和各项改动(路径、新值、说明)",
    "history.after_year": "{field}:有 {after} 年度的记录,晚于所算的 {year} 年度,不会被读取;"
                          "请只给 {year} 年度及以前的记录",
    "folder.no_policies": "{field}:{value} 里没有找到任何政策文件(*.yaml);请给出存放政策 YAML 文件的文件夹",
    # reforms and policy files
    "reform.levels_overlap": "{field}:改后 {level} 级医院同时属于 {first} 和 {second} 两个级别范围,政策将自相矛盾;"
                             "请让各级别范围互不重叠",
    "policy_file.extends_not_list": "政策文件 {file}:extends 应写成列表,一个上级政策也要写成 [{parent}]",
    "policy_file.extends_repeated": "政策文件 {file}:extends 中的上级政策 {parent} 写了两次;每个上级政策只写一次",
})

# ---------------------------------------------------------------- yibao population (issue 23)
TEMPLATES.update({
    "population.table_format": "{field}:{value} 既不是 .csv 也不是 .parquet;"
                               "请给出 .csv 或 .parquet 文件(或 parquet 文件夹)",
    "population.scheduler": "{field}:{value} 不是 Dask 调度器的地址;"
                            "请填写例如 tcp://10.0.0.5:8786,或 threads(在本机计算)",
})
