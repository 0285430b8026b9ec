/**
 * The routine tasks a power-supply bureau's branches run through the year, one or two per solar
 * term (党建工作二十四节气月例表). The starting point of every new calendar; the affairs
 * department edits it per year before publishing. `evidenceRequired` is set only where the
 * task's result is a document or a record an inspector would ask to see (SPEC §7: no needless
 * photos).
 */
export interface TermTaskTemplate {
  /** 0 = 小寒 … 23 = 冬至. */
  position: number;
  title: string;
  description: string;
  evidenceRequired: boolean;
}

const t = (
  position: number,
  title: string,
  description: string,
  evidenceRequired: boolean,
): TermTaskTemplate => ({
  position,
  title,
  description,
  evidenceRequired,
});

export const defaultTermTasks: readonly TermTaskTemplate[] = [
  t(0, '年度组织生活会准备', '开展谈心谈话，征求意见建议，形成对照检查材料。', false),
  t(1, '迎峰度冬保供电党员服务', '组织党员服务队走访重要用户和困难群众，保障节日可靠供电。', false),
  t(1, '春节前廉洁提醒', '开展节前廉洁教育，签订廉洁承诺。', false),
  t(2, '年度党建工作计划', '制定支部年度党建工作计划和“三会一课”安排，报党群工作部备案。', true),
  t(3, '党员积分制启动', '公布年度党员亮分制积分细则，组织党员认领岗位目标。', false),
  t(4, '春季安全生产党员先锋岗', '设立党员责任区，开展春检预试中的党员示范。', false),
  t(5, '主题党日：学习贯彻全国两会精神', '组织专题学习，交流发言。', true),
  t(6, '革命传统教育', '组织党员祭扫烈士陵园或参观红色教育基地，开展革命传统教育。', true),
  t(7, '党员志愿服务进社区', '开展用电安全宣传、义务检修等志愿服务。', false),
  t(8, '青年党员讲党课', '由青年党员讲一次微党课。', false),
  t(9, '党风廉政建设宣传教育月', '开展警示教育，学习典型案例。', true),
  t(10, '安全生产先锋行动', '围绕“安全生产月”开展党员身边无违章、隐患排查等先锋行动。', true),
  t(11, '“七一”表彰准备', '推荐优秀党员、优秀党务工作者，组织新党员入党宣誓。', false),
  t(12, '庆祝建党主题党日', '重温入党誓词，开展“七一”主题党日活动。', true),
  t(13, '迎峰度夏保供电攻坚', '组建党员突击队，开展高温大负荷期间保供电攻坚。', false),
  t(14, '半年党建工作总结', '总结上半年党建工作，查找问题，安排下半年重点。', true),
  t(15, '发展党员工作推进', '开展入党积极分子培养考察，按程序推进发展党员。', false),
  t(16, '党建+业务融合项目推进', '检查党建项目节点进度，推广先进经验。', false),
  t(17, '主题党日：国庆爱国主义教育', '开展爱国主义教育，组织观看主题影片或参观。', false),
  t(18, '国庆保电党员责任区', '落实节日保电值守，党员带头坚守岗位。', false),
  t(19, '党员冬训学习计划', '制定党员冬训学习计划和课程安排。', false),
  t(20, '秋冬季安全检查党员示范', '开展秋检秋查，党员带头整改隐患。', false),
  t(21, '党费收缴与使用情况核查', '核对全年党费收缴台账，公示党费使用情况。', true),
  t(22, '支部工作考核自查', '对照年度党建考核细则开展自查，整理台账资料。', true),
  t(23, '年度述职评议准备', '准备支部书记抓党建述职报告，组织民主评议党员准备工作。', true),
];
