"""Chinese names for audit actions and for the field names recorded in events' before/after values.

The action code stays in the record (the hash chain covers it) and in filters; pages show the name.
An action not listed here is shown as its app's name and "操作" rather than as a code.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

ACTIONS: dict[str, str] = {
    "accidents.record": "登记事故",
    "accidents.record_finding": "记录迟报、漏报、谎报、瞒报认定",
    "accidents.record_report_step": "记录事故报告环节",
    "accidents.revise_casualties": "补报伤亡",
    "accidents.set_involved": "更改事故的其他涉及行业领域和涉事单位",
    "accountability.add_subject": "增加问责对象",
    "accountability.amend_decision": "更正问责决定",
    "accountability.open_case": "问责立案",
    "accountability.promote_possible": "将可能涉及的岗位列为问责对象",
    "accountability.withdraw_possible": "撤回列为问责对象（退回可能涉及的岗位）",
    "accountability.record_decision": "记录问责决定",
    "accountability.record_interference": "记录干预插手情况",
    "accountability.set_subject_facts": "记录问责对象情节",
    "accounts.create_account": "创建账户",
    "accounts.create_superuser": "创建超级用户",
    "accounts.set_password": "设置密码",
    "ops.backup": "备份",
    "ops.restore": "恢复",
    "org.record_special_fund": "登记安全生产专项资金预算",
    "org.record_safety_staffing": "登记部门安全生产工作机构和人员",
    "org.set_unit_urban": "更改单位的城区标记",
    "accounts.grant_role": "授予角色",
    "accounts.issue_token": "签发接口令牌",
    "accounts.login": "登录",
    "accounts.login_failed": "登录失败",
    "accounts.revoke_role": "撤销角色",
    "accounts.revoke_token": "吊销接口令牌",
    "assessment.enterprise_award": "登记先进企业奖励",
    "assessment.ledger": "记录资金台账",
    "assessment.letters.generate": "生成目标管理责任书",
    "assessment.letters.set_targets": "调整责任书控制指标",
    "assessment.letters.sign": "登记责任书签字盖章",
    "assessment.plan": "制定奖罚分配方案",
    "assessment.publish": "公布考核结果",
    "assessment.run": "运行年度考核",
    "demo.accounts": "准备演示账户",
    "bench.world": "生成全国规模测试数据（基准测试）",
    "demo.build": "生成演示数据",
    "demo.obligation_completion": "生成演示履职记录",
    "demo.reset": "重置演示数据",
    "duties.build_draft": "生成责任清单草稿",
    "duties.publish_list": "发布责任清单",
    "duties.supersede_draft": "替换责任清单草稿",
    "duties.supersede_list": "替换已发布的责任清单",
    "obligations.attach_file": "上传佐证文件",
    "obligations.complete": "办结履职事项",
    "obligations.record_meeting": "登记会议记录",
    "obligations.generate": "生成履职事项",
    "obligations.issue_feed_token": "签发日历订阅令牌",
    "obligations.remind": "发送到期提醒",
    "obligations.revoke_feed_token": "吊销日历订阅令牌",
    "obligations.waive": "免除履职事项",
    "org.appoint": "任职",
    "org.assign_portfolio": "分管分工",
    "org.create_organisation": "设立机构",
    "org.create_person": "登记人员",
    "org.create_post": "设立岗位",
    "org.create_unit": "设立单位",
    "org.end_portfolio": "结束分管",
    "org.end_tenure": "免职（任职结束）",
    "org.import_roster": "导入人员名册",
    "org.reorganise": "机构改革",
    "org.retire": "撤销",
    "supervision.add_member": "增加巡查组成员",
    "supervision.add_target": "增加检查对象",
    "supervision.create_plan": "制定督查巡查计划",
    "supervision.escalate": "逾期问题升级",
    "supervision.mark_item": "填写检查项",
    "supervision.open_case": "移交问责",
    "supervision.plan_status": "变更计划状态",
    "supervision.record_finding": "记录发现问题",
    "supervision.reject_rectification": "退回整改报告",
    "supervision.report_rectification": "报告整改完成",
    "supervision.verify_rectification": "整改复查通过",
}
APPS: dict[str, str] = {
    "accidents": "事故",
    "accountability": "问责",
    "accounts": "账户",
    "assessment": "考核",
    "audit": "审计",
    "catalog": "职责目录",
    "demo": "演示数据",
    "duties": "责任清单",
    "obligations": "履职事项",
    "org": "单位与人员",
    "regulations": "法规",
    "supervision": "督查巡查",
}
# Keys recorded in before/after values that are not a field of the event's model.
FIELDS: dict[str, str] = {
    "changes": "变更",
    "count": "数量",
    "counts": "数量",
    "created": "新增",
    "unchanged": "未变化",
    "year": "年度",
    "role": "角色",
    "unit": "单位",
    "user": "用户",
    "username": "用户名",
    "status": "状态",
    "items": "检查项",
    "reason": "理由",
    "note": "说明",
    "version": "版本",
    "seconds": "用时（秒）",
}


def action_label(action: str) -> str:
    """``accounts.login`` → 登录; an unlisted action → "<app>操作"."""
    if action in ACTIONS:
        return ACTIONS[action]
    app = action.split(".", 1)[0]
    return f"{APPS.get(app, '系统')}操作"


def object_type_label(object_type: str) -> str:
    """``org.unit`` → 单位 (the model's verbose name); ``""`` for none."""
    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return {"org.roster": "人员名册"}.get(object_type, APPS.get(object_type.split(".", 1)[0], "记录"))


def field_label(object_type: str, key: str) -> str:
    """A recorded key as people read it: the model field's verbose name, else a known key, else the key."""
    try:
        model = apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        model = None
    if model is not None:
        name = key.removesuffix("_id")
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return FIELDS.get(key, key)
