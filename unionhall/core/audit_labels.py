"""What each audit action and refusal code means, in the words the audit page shows beside the code.

The trail stores codes (`hardship_file.submit`, `not_found`): exact, searchable, stable across wording
changes. People read the label. `core/tests/test_audit.py` fails when a service records an action that has
no label here, so a new module adds its lines with its services.
"""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    # accounts
    "login": "登录",
    "logout": "退出登录",
    "login_lock.reset": "解除登录锁定",
    "user.create": "新建用户",
    "grant.add": "授予角色",
    "api_token.create": "签发接口令牌",
    "api_token.revoke": "吊销接口令牌",
    "totp_device.start": "开始绑定身份验证器",
    "totp_device.confirm": "确认绑定身份验证器",
    # orgs
    "orgunit.create": "新建组织",
    "orgunit.update": "修改组织信息",
    "orgunit.move": "调整组织隶属",
    "orgunit.merge": "合并组织",
    "orgunit.dissolve": "撤销组织",
    "employer.create": "新建用人单位",
    "employer.update": "修改用人单位",
    "employer.export": "导出用人单位",
    "employer.register_commit": "导入市场主体名录",
    # members
    "member.join": "会员入会",
    "member.transfer": "会员关系接转",
    "member.retain": "保留会籍",
    "member.restore": "恢复在会",
    "member.leave": "退会",
    "member.remove": "除名",
    "member.id_reveal": "查看完整身份证号",
    "member.export": "导出会员名册",
    "member.export_unmasked": "导出会员名册（含完整证件号）",
    "person.update": "修改会员信息",
    "roster.commit": "批量导入会员",
    "transfer_request.create": "申请会员接转",
    "transfer_request.approve": "同意会员接转",
    "transfer_request.reject": "不同意会员接转",
    "transfer_request.cancel": "撤回会员接转申请",
    "transfer_request.confirm": "职工确认接转",
    "transfer_request.decline": "职工拒绝接转",
    # imports
    "import_job.create": "上传导入文件",
    "import_job.map": "确认导入列对应",
    "import_job.commit": "提交导入",
    "import_job.error_file": "下载导入错误清单",
    "import_job.discard": "丢弃导入",
    # joining
    "join_application.submit": "提交入会申请",
    "join_application.approve": "批准入会申请",
    "join_application.reject": "不予批准入会申请",
    "join_application.withdraw": "撤回入会申请",
    # coverage
    "coverage_settings.update": "修改覆盖统计设置",
    "coverage.export": "导出覆盖统计",
    "coverage_snapshot.take": "保存覆盖年度快照",
    "organizing_task.assign": "分派建会任务",
    "organizing_task.close": "办结建会任务",
    "organizing_tasks.generate": "生成建会任务",
    # responsibility
    "line.create": "新增管线",
    "line.update": "修改管线",
    "assignment.create": "安排包片/定点",
    "assignment.update": "调整包片/定点",
    "assignment.end": "终止包片/定点",
    "visit.record": "记录定点走访",
    "visit_problem.close": "走访问题标记解决",
    "visit_problem.supervise": "走访问题转为督办事项",
    # commitments
    "commitment_card.publish": "公开岗位承诺卡",
    "commitment_card.print": "打印岗位承诺卡",
    "commitment_card.export": "导出岗位承诺卡",
    "commitment.fulfil": "标记承诺已兑现",
    "commitment.miss": "标记承诺未兑现",
    "commitment.reopen": "承诺重新推进",
    "commitment.rate": "评价岗位承诺",
    "template_item.create": "新增承诺模板条目",
    "template_item.update": "修改承诺模板条目",
    "responsibility.export": "导出包片定点责任图",
    "visit.export": "导出定点走访记录",
    "visit_overdue.export": "导出定点走访逾期",
    # assistance
    "assistance_settings.update": "修改帮扶标准",
    "hardship_file.create": "新建帮扶档案",
    "hardship_file.update": "修改帮扶档案",
    "hardship_file.submit": "提交帮扶档案",
    "hardship_file.send_back": "退回帮扶档案",
    "hardship_file.verify": "入户核查通过",
    "hardship_file.start_notice": "开始公示",
    "hardship_file.approve": "审批建档",
    "hardship_file.reject": "不予建档",
    "hardship_file.review": "年审",
    "hardship_file.exit": "解困脱困",
    "hardship_file.follow_up": "脱困回访",
    "hardship_file.return": "返困",
    "hardship_file.resubmit": "重新提交核查",
    "hardship_file.set_category": "人工认定困难类别",
    "hardship_file.bank_account_reveal": "查看完整银行账号",
    "hardship_file.export": "导出帮扶档案",
    "hardship_application.submit": "职工申请帮扶",
    "household_member.add": "添加家庭成员",
    "household_member.remove": "删除家庭成员",
    "household_member.health_reveal": "查看家庭成员健康状况",
    "home_visit.record": "登记入户走访",
    "evidence.upload": "上传证明材料",
    "evidence.download": "下载证明材料",
    "objection.record": "登记公示异议",
    "objection.resolve": "处理公示异议",
    # programmes
    "programme.save": "保存帮扶项目",
    "programme.activate": "启用帮扶项目",
    "programme.deactivate": "停用帮扶项目",
    "warmth_batch.start": "发起送温暖批量申请",
    "warmth_batch.request": "送温暖逐户申请",
    "warmth_batch.export": "导出送温暖结果",
    # funds
    "fund.create": "新建资金",
    "budget.create": "建立市级预算",
    "budget.fund": "追加预算资金",
    "budget.allocate": "下拨预算",
    "disbursement.request": "申请救助支出",
    "disbursement.approve": "审批救助支出",
    "disbursement.reject": "驳回救助支出",
    "disbursement.pay": "登记支付",
    "disbursement.cancel": "撤销救助支出",
    "disbursement.accounts_reveal": "查看收款完整账号",
    "funds.export": "导出资金对账",
    # cards
    "card_type.save": "保存卡券类型",
    "card.issue": "发放帮扶卡",
    "card.top_up": "帮扶卡充值",
    "card.freeze": "冻结帮扶卡",
    "card.unfreeze": "解冻帮扶卡",
    "card.reissue": "补发帮扶卡",
    "card.redeem": "帮扶卡消费",
    "card_code.reveal": "查看帮扶卡验证码",
    "cards.export": "导出帮扶卡",
    "merchant.create": "签约爱心商户",
    "merchant.update": "修改爱心商户",
    "merchant.user_link": "关联商户收银员",
    "settlement.create": "商户月结",
    # ten_services
    "delivery.record": "登记十送服务",
    "delivery.update": "修改十送服务",
    "delivery.export": "导出十送服务",
    # rights
    "case.create": "受理维权申请",
    "case.accept": "受理维权案件",
    "case.assign": "指定承办人",
    "case.start_mediation": "开始调解",
    "case.end_mediation": "结束调解",
    "case.close": "办结维权案件",
    "case.withdraw": "撤回维权申请",
    "case.reopen": "重新办理维权案件",
    "case.transfer": "转办维权案件",
    "case.share": "双向维权共享",
    "case.unshare": "结束共享",
    "case.escalate": "超期升级督办",
    "case.note": "登记办理进展",
    "case.legal_aid": "转介法律援助",
    "case.info_add": "职工补充材料",
    "case.rate": "评价维权办理",
    "case.attachment_upload": "上传案件材料",
    "case.attachment_download": "下载案件材料",
    "case.export": "导出维权案件",
    "case_request.submit": "职工申请维权",
    "mediation.record": "登记调解",
    "risk_report.file": "上报风险预警",
    "risk_report.export": "导出风险预警",
    "risk.acknowledge": "签收风险预警",
    "risk.follow_up": "跟踪处置风险",
    "risk.close": "化解销号",
    "risk.ack_overdue": "风险预警超时未签收",
    "time_limit_rule.save": "保存办理时限",
    "time_limit_rule.delete": "删除办理时限",
    "risk_level_rule.save": "保存预警签收时限",
    "time_limit_rules.save": "保存办理时限表",
    "risk_level_rules.save": "保存预警签收时限表",
    "holiday.add": "添加节假日",
    "holiday.delete": "删除节假日",
    # supervision
    "task.open": "交办督办事项",
    "task.progress": "记录督办进展",
    "task.close": "办结督办事项",
    "task.cancel": "撤销督办事项",
    "task.reopen": "督办事项重新办理",
    "task.overdue": "督办事项超期",
    "task.file_download": "下载督办材料",
    "task.export": "导出督办事项",
    "department.create": "新增联席会议成员单位",
    "department.update": "修改联席会议成员单位",
    "liaison.add": "新增成员单位联络人",
    "liaison.remove": "成员单位联络人离任",
    # meetings
    "meeting.create": "登记联席会议",
    "meeting.update": "修改联席会议",
    "meeting.hold": "联席会议召开",
    "meeting.cancel": "取消联席会议",
    "minutes.record": "登记联席会议纪要",
    "minutes_file.download": "下载联席会议材料",
    "meeting.export": "导出联席会议",
    "meeting.agenda_pdf": "打印联席会议议程",
    "meeting.minutes_pdf": "打印联席会议纪要",
    "agenda_item.add": "添加联席会议议题",
    "resolution.record": "登记联席会议决议",
    # competitions
    "competition.create": "登记劳动竞赛",
    "competition.indicator_add": "添加竞赛指标",
    "competition.stage_add": "添加竞赛阶段",
    "competition.participant_add": "登记参赛单位",
    "competition.start": "劳动竞赛开赛",
    "competition.finish": "结束劳动竞赛并表彰",
    "competition.cancel": "取消劳动竞赛",
    "competition.export": "导出劳动竞赛",
    "competition.stage_pdf": "打印竞赛阶段小结",
    "competition.standings_pdf": "打印竞赛排名",
    "competition_result.enter": "填报竞赛成绩",
    "competition_result.import": "导入竞赛成绩",
    "competition_result.verify": "核定竞赛成绩",
    "competition_result.return": "退回竞赛成绩",
    "competition_result.reenter": "重新填报竞赛成绩",
    # reports
    "reports.export": "导出帮扶统计",
    "reports.rights_export": "导出维权统计",
    # worker_portal
    "login_code.request": "职工申请登录验证码",
    "login_code.verify": "职工验证码登录",
    "worker_phone.rebind": "变更职工登录手机号",
    "worker.case_view": "职工查看本人记录",
    # notifications
    "notification.mark_read": "消息标为已读",
    # dataops
    "retention_policy.set": "设置保存期限",
    "expired_records.purge": "清理过期记录",
    "pii_keys.rotate": "轮换个人信息密钥",
    "backup.create": "备份",
    "backup.restore": "恢复备份",
    # demo
    "demo.seed": "载入演示数据",
    "demo.seed_city": "载入城市规模演示数据",
}

# A refused page visit or action checked against a capability is recorded as `access.<capability>`.
CAPABILITY_LABELS: dict[str, str] = {
    "org.view": "查看组织",
    "org.edit": "修改组织信息",
    "org.structure": "调整组织架构",
    "employer.view": "查看用人单位",
    "employer.edit": "修改用人单位",
    "member.view": "查看会员",
    "member.edit": "办理会员业务",
    "member.unmask": "查看完整证件号",
    "coverage.view": "查看覆盖统计",
    "coverage.manage": "管理建会工作",
    "audit.view": "查看审计日志",
    "user.manage": "管理用户",
    "assistance.view": "查看帮扶",
    "assistance.edit": "办理帮扶档案",
    "assistance.verify": "核查审批帮扶",
    "assistance.sensitive": "查看帮扶敏感信息",
    "programme.config": "配置全市帮扶项目与规则",
    "funds.view": "查看资金",
    "funds.manage": "管理资金",
    "disbursement.approve": "审批救助支出",
    "card.manage": "管理帮扶卡",
    "card.redeem": "帮扶卡收银",
    "rights.view": "查看维权",
    "rights.handle": "办理维权案件",
    "risk.report": "上报风险预警",
    "risk.acknowledge": "签收风险预警",
    "responsibility.view": "查看包片定点",
    "responsibility.manage": "安排包片定点与走访",
    "task.view": "查看督办事项",
    "task.manage": "督办",
    "competition.view": "查看劳动竞赛",
    "competition.manage": "组织劳动竞赛、填报与核定成绩",
}
ACCESS_PREFIX = "access."

# The codes of refused actions (`DomainError.code` and its subclasses'), recorded as "<code>: <message>".
REFUSAL_LABELS: dict[str, str] = {
    "domain_error": "业务错误",
    "not_found": "不存在或超出权限范围",
    "permission_denied": "无权办理",
    "invalid": "填写有误",
    "conflict": "状态冲突",
    "insufficient_funds": "余额不足",
    "idempotency_key_reused": "重复提交",
    "all_or_nothing_refused": "整批未能导入",
    "unreadable_file": "文件无法读取",
    "hostile_file": "文件不安全",
    "wrong_code": "验证码错误",
    "rate_limited": "请求过于频繁",
    "card_locked": "帮扶卡已锁定",
    "member_elsewhere": "已是其他工会会员",
    "too_many_wrong_codes": "验证码错误次数过多",
    "card_not_usable": "帮扶卡不可用",
    "card_not_accepted": "本商户不受理此卡",
    "merchant_ref_reused": "商户流水号重复",
    "locked": "账户已锁定",
    "error": "系统错误",
}


def action_label(action: str) -> str:
    """The Chinese label of an action code; blank when none is known (the page then shows the code alone)."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.startswith(ACCESS_PREFIX) and (cap := CAPABILITY_LABELS.get(action.removeprefix(ACCESS_PREFIX))):
        return f"权限检查：{cap}"
    return ""


def refusal_parts(reason: str) -> tuple[str, str, str]:
    """A refusal's (label, code, message) from its recorded reason "<code>: <message>". A reason without a
    known code (a refused login says only why) comes back as ("", "", reason)."""
    code, sep, message = reason.partition(":")
    code = code.strip()
    if sep and code in REFUSAL_LABELS:
        return REFUSAL_LABELS[code], code, message.strip()
    return "", "", reason


def actions_labelled(term: str) -> list[str]:
    """The action codes whose label contains `term`, so the audit page finds 登录 as well as login."""
    found = [code for code, label in ACTION_LABELS.items() if term in label]
    found += [ACCESS_PREFIX + cap for cap, label in CAPABILITY_LABELS.items() if term in f"权限检查：{label}"]
    return found
