"""Word lists for the synthetic corpus (tifa_bench/synth.py): plain data, no logic.

Concept labels are a modifier and a head, each given in English, 汉字 and pinyin (with
other English renderings after them), so a label, its Chinese form and its pinyin agree.
"""

# (English, 汉字, pinyin, *other English renderings)
MODIFIERS = [
    ("high-quality", "高质量", "gāozhìliàng", "quality-oriented"),
    ("new-type", "新型", "xīnxíng", "new-model"),
    ("green", "绿色", "lǜsè", "low-carbon"),
    ("innovation-driven", "创新驱动", "chuàngxīn qūdòng"),
    ("coordinated", "协调", "xiétiáo", "balanced"),
    ("open", "开放型", "kāifàngxíng"),
    ("shared", "共享", "gòngxiǎng"),
    ("modern", "现代", "xiàndài", "modernized"),
    ("digital", "数字", "shùzì"),
    ("rural", "乡村", "xiāngcūn", "countryside"),
    ("common", "共同", "gòngtóng"),
    ("strategic", "战略性", "zhànlüèxìng"),
    ("systemic", "系统性", "xìtǒngxìng", "system-wide"),
    ("whole-process", "全过程", "quánguòchéng"),
    ("high-level", "高水平", "gāoshuǐpíng", "high-standard"),
    ("unified national", "全国统一", "quánguó tǒngyī", "nationwide unified"),
    ("new quality", "新质", "xīnzhì", "new-quality"),
    ("ecological", "生态", "shēngtài"),
    ("holistic", "总体", "zǒngtǐ", "overall"),
    ("socialist", "社会主义", "shèhuìzhǔyì"),
    ("market-oriented", "市场化", "shìchǎnghuà"),
    ("law-based", "法治化", "fǎzhìhuà", "rule-based"),
    ("regional", "区域", "qūyù"),
    ("independent", "自主", "zìzhǔ", "self-reliant"),
    ("intelligent", "智能", "zhìnéng", "smart"),
    ("people's", "人民", "rénmín"),
    ("grassroots", "基层", "jīcéng", "community-level"),
    ("marine", "海洋", "hǎiyáng", "maritime"),
    ("cultural", "文化", "wénhuà"),
    ("comprehensive", "全面", "quánmiàn", "all-round"),
]

# (English, 汉字, pinyin, category, *other English renderings)
HEADS = [
    ("development", "发展", "fāzhǎn", "development"),
    ("productive forces", "生产力", "shēngchǎnlì", "development", "productive capacity"),
    ("industrial system", "产业体系", "chǎnyè tǐxì", "industry", "industry system"),
    ("governance", "治理", "zhìlǐ", "governance"),
    ("market system", "市场体系", "shìchǎng tǐxì", "economy"),
    ("innovation", "创新", "chuàngxīn", "science-and-technology"),
    ("revitalization", "振兴", "zhènxīng", "regional-development", "rejuvenation"),
    ("civilization", "文明", "wénmíng", "culture"),
    ("democracy", "民主", "mínzhǔ", "governance"),
    ("modernization", "现代化", "xiàndàihuà", "development"),
    ("opening-up", "开放", "kāifàng", "reform", "opening up"),
    ("reform", "改革", "gǎigé", "reform", "reforms"),
    ("prosperity", "富裕", "fùyù", "social-policy"),
    ("economy", "经济", "jīngjì", "economy"),
    ("supply chains", "供应链", "gōngyìngliàn", "industry", "supply chain"),
    ("talent pool", "人才队伍", "réncái duìwu", "science-and-technology", "talent force"),
    ("infrastructure", "基础设施", "jīchǔ shèshī", "industry"),
    ("rule of law", "法治", "fǎzhì", "governance", "law-based governance"),
    ("Party conduct", "党风", "dǎngfēng", "party-building", "Party style"),
    ("self-reform", "自我革命", "zìwǒ gémìng", "party-building", "self-revolution"),
    ("education system", "教育体系", "jiàoyù tǐxì", "social-policy"),
    ("health services", "健康服务", "jiànkāng fúwù", "social-policy"),
    ("workplace safety", "安全生产", "ānquán shēngchǎn", "public-safety", "production safety"),
    ("emergency management", "应急管理", "yìngjí guǎnlǐ", "public-safety"),
    ("consumption", "消费", "xiāofèi", "economy", "consumer spending"),
    ("financial system", "金融体系", "jīnróng tǐxì", "economy"),
    ("sci-tech capacity", "科技实力", "kējì shílì", "science-and-technology", "scientific strength"),
    ("manufacturing", "制造业", "zhìzàoyè", "industry"),
    ("urbanization", "城镇化", "chéngzhènhuà", "regional-development"),
    ("development paradigm", "发展格局", "fāzhǎn géjú", "development", "development pattern"),
]

SURNAMES = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"), ("Zhao", "赵"),
    ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"), ("Hu", "胡"), ("Zhu", "朱"),
    ("Gao", "高"), ("Lin", "林"), ("He", "何"), ("Guo", "郭"), ("Ma", "马"), ("Luo", "罗"), ("Liang", "梁"),
    ("Song", "宋"), ("Zheng", "郑"), ("Xie", "谢"), ("Han", "韩"), ("Tang", "唐"), ("Feng", "冯"), ("Dong", "董"),
    ("Cheng", "程"), ("Cao", "曹"), ("Yuan", "袁"), ("Deng", "邓"), ("Fu", "傅"), ("Shen", "沈"), ("Peng", "彭"),
]

GIVEN = [
    ("jian", "建"), ("guo", "国"), ("ming", "明"), ("hua", "华"), ("wei", "伟"), ("hong", "红"), ("ping", "平"),
    ("jun", "军"), ("li", "力"), ("qiang", "强"), ("xin", "新"), ("dong", "东"), ("hai", "海"), ("bo", "波"),
    ("lin", "林"), ("feng", "峰"), ("yun", "云"), ("xia", "霞"), ("hui", "辉"), ("jie", "杰"), ("tao", "涛"),
    ("yong", "勇"), ("yi", "毅"), ("chun", "春"), ("qing", "清"), ("zhi", "志"), ("wen", "文"), ("bin", "斌"),
    ("kai", "凯"), ("rong", "荣"), ("sheng", "胜"), ("xiang", "祥"), ("zhen", "振"), ("yu", "宇"), ("fang", "芳"),
]

# (short name used in texts, full name, 汉字, kind)
PLACES = [
    ("Hebei", "Hebei Province", "河北", "province"), ("Shanxi", "Shanxi Province", "山西", "province"),
    ("Liaoning", "Liaoning Province", "辽宁", "province"), ("Jilin", "Jilin Province", "吉林", "province"),
    ("Heilongjiang", "Heilongjiang Province", "黑龙江", "province"), ("Jiangsu", "Jiangsu Province", "江苏", "province"),
    ("Zhejiang", "Zhejiang Province", "浙江", "province"), ("Anhui", "Anhui Province", "安徽", "province"),
    ("Fujian", "Fujian Province", "福建", "province"), ("Jiangxi", "Jiangxi Province", "江西", "province"),
    ("Shandong", "Shandong Province", "山东", "province"), ("Henan", "Henan Province", "河南", "province"),
    ("Hubei", "Hubei Province", "湖北", "province"), ("Hunan", "Hunan Province", "湖南", "province"),
    ("Guangdong", "Guangdong Province", "广东", "province"), ("Hainan", "Hainan Province", "海南", "province"),
    ("Sichuan", "Sichuan Province", "四川", "province"), ("Guizhou", "Guizhou Province", "贵州", "province"),
    ("Yunnan", "Yunnan Province", "云南", "province"), ("Shaanxi", "Shaanxi Province", "陕西", "province"),
    ("Gansu", "Gansu Province", "甘肃", "province"), ("Qinghai", "Qinghai Province", "青海", "province"),
    ("Beijing", "Beijing", "北京", "municipality"), ("Tianjin", "Tianjin", "天津", "municipality"),
    ("Shanghai", "Shanghai", "上海", "municipality"), ("Chongqing", "Chongqing", "重庆", "municipality"),
    ("Inner Mongolia", "Inner Mongolia Autonomous Region", "内蒙古", "region"),
    ("Guangxi", "Guangxi Zhuang Autonomous Region", "广西", "region"), ("Tibet", "Xizang Autonomous Region", "西藏", "region"),
    ("Ningxia", "Ningxia Hui Autonomous Region", "宁夏", "region"), ("Xinjiang", "Xinjiang Uygur Autonomous Region", "新疆", "region"),
    ("Shenzhen", "Shenzhen", "深圳", "city"), ("Guangzhou", "Guangzhou", "广州", "city"), ("Hangzhou", "Hangzhou", "杭州", "city"),
    ("Nanjing", "Nanjing", "南京", "city"), ("Suzhou", "Suzhou", "苏州", "city"), ("Wuhan", "Wuhan", "武汉", "city"),
    ("Chengdu", "Chengdu", "成都", "city"), ("Xi'an", "Xi'an", "西安", "city"), ("Zhengzhou", "Zhengzhou", "郑州", "city"),
    ("Changsha", "Changsha", "长沙", "city"), ("Hefei", "Hefei", "合肥", "city"), ("Fuzhou", "Fuzhou", "福州", "city"),
    ("Xiamen", "Xiamen", "厦门", "city"), ("Qingdao", "Qingdao", "青岛", "city"), ("Jinan", "Jinan", "济南", "city"),
    ("Shenyang", "Shenyang", "沈阳", "city"), ("Dalian", "Dalian", "大连", "city"), ("Harbin", "Harbin", "哈尔滨", "city"),
    ("Changchun", "Changchun", "长春", "city"), ("Kunming", "Kunming", "昆明", "city"), ("Guiyang", "Guiyang", "贵阳", "city"),
    ("Nanning", "Nanning", "南宁", "city"), ("Lanzhou", "Lanzhou", "兰州", "city"), ("Xining", "Xining", "西宁", "city"),
    ("Yinchuan", "Yinchuan", "银川", "city"), ("Urumqi", "Urumqi", "乌鲁木齐", "city"), ("Lhasa", "Lhasa", "拉萨", "city"),
    ("Hohhot", "Hohhot", "呼和浩特", "city"), ("Taiyuan", "Taiyuan", "太原", "city"), ("Nanchang", "Nanchang", "南昌", "city"),
    ("Haikou", "Haikou", "海口", "city"), ("Ningbo", "Ningbo", "宁波", "city"), ("Wuxi", "Wuxi", "无锡", "city"),
    ("Xiong'an", "Xiong'an New Area", "雄安新区", "site"), ("Zhuhai", "Zhuhai", "珠海", "city"), ("Foshan", "Foshan", "佛山", "city"),
    ("Wenzhou", "Wenzhou", "温州", "city"), ("Yantai", "Yantai", "烟台", "city"), ("Luoyang", "Luoyang", "洛阳", "city"),
    ("Yan'an", "Yan'an", "延安", "city"), ("Zunyi", "Zunyi", "遵义", "city"),
    ("Yangtze River", "Yangtze River", "长江", "river"), ("Yellow River", "Yellow River", "黄河", "river"),
    ("Yangtze River Delta", "Yangtze River Delta", "长三角", "region"), ("Greater Bay Area", "Guangdong-Hong Kong-Macao Greater Bay Area", "粤港澳大湾区", "region"),
    ("Beijing-Tianjin-Hebei", "Beijing-Tianjin-Hebei region", "京津冀", "region"), ("Northeast China", "Northeast China", "东北", "region"),
    ("Hainan Free Trade Port", "Hainan Free Trade Port", "海南自由贸易港", "site"),
]

# (id, name, short form used in texts, 汉字, kind, within, weight as a publisher)
ORGANIZATIONS = [
    ("xinhua", "Xinhua News Agency", "Xinhua", "新华社", "media", None, 40),
    ("peoples-daily", "People's Daily", "People's Daily", "人民日报", "media", "cpc-central-committee", 18),
    ("qiushi", "Qiushi Journal", "Qiushi", "求是", "media", "cpc-central-committee", 5),
    ("cctv", "China Central Television", "CCTV", "中央电视台", "media", None, 8),
    ("china-daily", "China Daily", "China Daily", "中国日报", "media", None, 10),
    ("guangming-daily", "Guangming Daily", "Guangming Daily", "光明日报", "media", None, 4),
    ("state-council", "State Council of the People's Republic of China", "State Council", "国务院", "government", None, 12),
    ("general-office-cpc-central-committee", "General Office of the CPC Central Committee", "General Office of the CPC Central Committee", "中共中央办公厅", "party-body", "cpc-central-committee", 3),
    ("communist-party-of-china", "Communist Party of China", "Communist Party of China", "中国共产党", "party-body", None, 0),
    ("cpc-central-committee", "CPC Central Committee", "CPC Central Committee", "中共中央", "party-body", "communist-party-of-china", 0),
    ("cpc-politburo", "Political Bureau of the CPC Central Committee", "Political Bureau", "中共中央政治局", "party-body", "cpc-central-committee", 0),
    ("ccdi", "Central Commission for Discipline Inspection", "CCDI", "中央纪委", "party-body", "communist-party-of-china", 0),
    ("central-military-commission", "Central Military Commission", "Central Military Commission", "中央军委", "military", None, 0),
    ("national-peoples-congress", "National People's Congress", "National People's Congress", "全国人民代表大会", "legislature", None, 0),
    ("cppcc", "Chinese People's Political Consultative Conference", "CPPCC", "全国政协", "state-body", None, 0),
    ("ndrc", "National Development and Reform Commission", "National Development and Reform Commission", "国家发展改革委", "government", "state-council", 0),
    ("ministry-of-finance", "Ministry of Finance", "Ministry of Finance", "财政部", "government", "state-council", 0),
    ("ministry-of-commerce", "Ministry of Commerce", "Ministry of Commerce", "商务部", "government", "state-council", 0),
    ("miit", "Ministry of Industry and Information Technology", "Ministry of Industry and Information Technology", "工业和信息化部", "government", "state-council", 0),
    ("most", "Ministry of Science and Technology", "Ministry of Science and Technology", "科学技术部", "government", "state-council", 0),
    ("ministry-of-education", "Ministry of Education", "Ministry of Education", "教育部", "government", "state-council", 0),
    ("ministry-of-ecology-and-environment", "Ministry of Ecology and Environment", "Ministry of Ecology and Environment", "生态环境部", "government", "state-council", 0),
    ("ministry-of-emergency-management", "Ministry of Emergency Management", "Ministry of Emergency Management", "应急管理部", "government", "state-council", 0),
    ("peoples-bank-of-china", "People's Bank of China", "People's Bank of China", "中国人民银行", "state-body", "state-council", 0),
    ("sasac", "State-owned Assets Supervision and Administration Commission", "SASAC", "国务院国资委", "government", "state-council", 0),
    ("chinese-academy-of-sciences", "Chinese Academy of Sciences", "Chinese Academy of Sciences", "中国科学院", "research", None, 0),
    ("cass", "Chinese Academy of Social Sciences", "Chinese Academy of Social Sciences", "中国社会科学院", "research", None, 0),
    ("state-grid", "State Grid Corporation of China", "State Grid", "国家电网", "enterprise", None, 0),
    ("sinopec", "China Petroleum and Chemical Corporation", "Sinopec", "中国石化", "enterprise", None, 0),
    ("china-mobile", "China Mobile", "China Mobile", "中国移动", "enterprise", None, 0),
]

# Publishers of cited sources: (name as printed, organization id or None)
CITED = [
    ("Xinhua", "xinhua"), ("People's Daily", "peoples-daily"), ("Qiushi", "qiushi"), ("China Daily", "china-daily"),
    ("gov.cn (English)", "state-council"), ("CSIS Interpret: China", None), ("Sinocism", None), ("DigiChina", None),
    ("China Media Project", None), ("Qiushi Journal (English edition)", "qiushi"), ("NPC Observer", None),
]

SOURCE_NOTES = [
    "Gives the Chinese term alongside the translation.", "Quotes the full sentence of the readout.",
    "Re-publication of the Xinhua release.", "The page date is read from its address.",
    "A summary in English; the Chinese original is linked.", "Official translation.",
]

ANNOTATORS = ["Tifa editors", "L. Chen", "M. Okafor", "S. Weber", "J. Alvarez", "R. Sato", "A. Novak", "K. Lindqvist", "P. Haddad", "T. Moreau"]

ROLE_TITLES = [
    ("Member of the Political Bureau of the CPC Central Committee", "cpc-politburo"),
    ("Member of the CPC Central Committee", "cpc-central-committee"), ("Vice Premier", "state-council"),
    ("State Councilor", "state-council"), ("Minister", None), ("Secretary of the provincial Party committee", None),
    ("Governor", None), ("Deputy to the National People's Congress", "national-peoples-congress"),
    ("Member of the CPPCC National Committee", "cppcc"), ("Head of the commission", "ndrc"),
]

EVENTS = [
    "A meeting of the Political Bureau of the CPC Central Committee", "An inspection tour of {place}",
    "The annual session of the National People's Congress", "A symposium on {concept}",
    "An executive meeting of the State Council", "A collective study session of the Political Bureau",
    "The Central Economic Work Conference", "A conference on {concept} in {place}",
]

# Sentences around the annotated phrases. {0} and {1} are the phrases.
SENTENCES = {
    ("concept", "en"): [
        "It is imperative to promote {0} and make solid progress.", "Efforts must be made to advance {0}, he said.",
        "The meeting called for greater efforts on {0}.", "Localities should pursue {0} in light of their own conditions.",
        "He emphasized that {0} is essential to the overall picture.", "The document sets out the tasks for {0} through 2035.",
        "Officials reviewed the progress made in {0} over the past year.", "We must stay committed to {0} without wavering.",
        "The plan treats {0} as a priority for the coming five years.", "Work on {0} must be coordinated across departments.",
    ],
    ("concept2", "en"): [
        "We must firmly focus on {0} and {1}.", "The meeting stressed both {0} and {1} as long-term tasks.",
        "Progress in {0} will support {1}, the document says.", "He called for integrating {0} with {1}.",
    ],
    ("person", "en"): [
        "{0} presided over the meeting.", "{0} attended the event and delivered a speech.",
        "{0} said the targets must be met on schedule.", "The report was delivered by {0}.",
        "{0}, who heads the working group, briefed participants.",
    ],
    ("place", "en"): [
        "During an inspection tour of {0}, officials visited local enterprises.", "{0} has made steady progress this year.",
        "Pilot programs in {0} will be expanded.", "Delegates from {0} presented their experience.",
    ],
    ("organization", "en"): [
        "A circular on the matter was issued by {0}.", "{0} will coordinate the implementation.",
        "According to {0}, the targets were met.", "Officials of {0} attended.",
    ],
    ("note", "en"): ["Officials were told to {0}.", "The text asks local governments to {0}."],
    ("concept", "zh-Hans"): [
        "要大力推进{0}，取得扎实成效。", "会议强调，必须坚持{0}。", "各地要因地制宜推动{0}。",
        "他指出，{0}事关全局。", "文件对{0}作出部署。", "要坚定不移推进{0}。",
    ],
    ("concept2", "zh-Hans"): ["要牢牢把握{0}和{1}。", "推动{0}与{1}深度融合。", "以{0}促进{1}。"],
    ("person", "zh-Hans"): ["{0}主持会议。", "{0}出席会议并讲话。", "{0}表示，要确保目标如期实现。", "{0}作工作报告。"],
    ("place", "zh-Hans"): ["在{0}考察期间，代表团走访了当地企业。", "{0}今年取得稳步进展。", "{0}的试点工作将进一步扩大。"],
    ("organization", "zh-Hans"): ["{0}就此印发通知。", "{0}负责统筹协调落实。", "据{0}介绍，各项目标已经完成。"],
    ("note", "zh-Hans"): ["要{0}。", "文件要求各地{0}。"],
}

FILLER = {
    "en": [
        "The meeting was held in a warm and lively atmosphere.", "Participants exchanged views on the work ahead.",
        "Progress made over the past year was fully acknowledged.", "Further details will be released in due course.",
        "The targets set at the start of the year have been met on schedule.",
        "Work in this regard must be carried out steadily and in an orderly way.",
        "Problems found in inspections should be rectified without delay.",
        "The tasks must be broken down and responsibilities clearly assigned.",
        "Growth in the first three quarters was in line with expectations.", "Some 3,200 projects are under way.",
        "The work will be evaluated at the end of the year.", "Local officials answered questions from the public.",
        "The figures were released on Tuesday.", "Several measures announced in March have taken effect.",
        "Responsibility for each task lies with a named official.", "The review found both achievements and shortcomings.",
    ],
    "zh-Hans": [
        "会议在热烈的气氛中进行。", "与会同志交流了意见。", "各地区各部门要认真贯彻落实。", "要压实责任，狠抓落实。",
        "过去一年取得的成绩得到充分肯定。", "有关细节将适时公布。", "目前约有三千二百个项目正在推进。",
        "检查中发现的问题要立行立改。", "年底将对工作进行评估。", "各项任务要分解到人。",
        "前三季度增长符合预期。", "三月份出台的多项措施已经生效。", "当地干部回答了群众提问。", "有关数据于周二发布。",
        "检查既肯定了成绩，也指出了不足。", "每项任务都明确了责任人。", "要把各项部署落到实处。", "会议听取了有关情况汇报。",
    ],
}

NOTE_PHRASES = {
    "en": [
        "break down the tasks and assign them clearly", "take rigorous actions against formalism",
        "reduce the burden on the grassroots", "keep to the bottom line of safety", "seek progress while maintaining stability",
        "build the new before discarding the old",
    ],
    "zh-Hans": ["整治形式主义为基层减负", "守住安全底线", "稳中求进", "先立后破", "一张蓝图绘到底"],
}

NOTES = [
    "The wording follows the government work report of the same year.", "A second rendering in the same text.",
    "The Chinese release uses a longer phrase here, which the English text shortens.",
    "Rendered differently in other official translations; the Chinese is the same.",
    "Part of a list of tasks; the order follows the Chinese text, which puts this one first.",
    "The phrase is attributed to the speaker only indirectly: the readout paraphrases what was said.",
    "Compare the wording of the previous year's report, which used the shorter form.",
    "The English text abbreviates the Chinese formulation.", "First use of this wording in the corpus's sources.",
    "The text repeats the phrase in its conclusion, where it frames the tasks for the next year.",
    "Here the phrase qualifies the sentence before it rather than introducing a new task.",
    "An editorial gloss in the original; the translation keeps it in parentheses.",
]

DEFINITIONS = [
    "A formulation that sets {label} as a guiding task of economic and social policy.",
    "The official name for efforts towards {label}, in use in Party and state documents.",
    "Used in leadership speeches to frame {label} as a long-term strategic goal.",
    "It ties {label} to the wider agenda of development and reform.",
    "Documents pair it with targets and indicators that local governments report on.",
    "Its scope has widened since it first appeared, as later documents show.",
]

TITLES = {
    "en": [
        "{leader} stresses {c0}", "{leader} calls for {c0} and {c1}", "Guideline on {c0} released",
        "Commentary: advancing {c0}", "Full text of {leader}'s speech on {c0}", "China to step up {c0}, says {leader}",
        "Plan for {c0} through 2035 unveiled", "{leader} inspects progress in {c0}",
    ],
    "zh-Hans": ["{leader}强调推进{c0}", "关于{c0}的指导意见发布", "{leader}：以{c0}促进{c1}", "评论：坚定推进{c0}"],
}
