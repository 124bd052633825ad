"""Demo catalogue, candidates and scores, taken from the five provincial manuals.

Literal data only. Comments cite the manual and section: seed 000 Tianjin,
001 Qingdao, 002 Qinghai, 003 Shanghai, 004 Shanxi. [INVENTED] marks a
plausible value no manual gives; [STD] a standard national value.
University codes are the national 5-digit institution codes.
"""

# ---------------------------------------------------------------------------
# UNIVERSITIES (主考院校)
# ---------------------------------------------------------------------------
UNIVERSITIES = [
    # [seed 000 §10.9] "(0003) 天津师范大学" is 主考院校 of 030101K 法学; 0003 = Tianjin-internal code
    {"code": "10065", "name": "天津师范大学"},
    # [seed 004 §五] "申请院校 山西大学 / 行政管理(专科)"
    {"code": "10108", "name": "山西大学"},
    # [INVENTED] seed 003 names no university for 120103 工程管理(专升本); 同济大学 is a
    # plausible real sponsor in Shanghai.
    {"code": "10247", "name": "同济大学"},
]

# ---------------------------------------------------------------------------
# DISTRICTS (考籍管理区县 / 考区 / 县区招办)
# ---------------------------------------------------------------------------
DISTRICTS = [
    # [INVENTED names, real GB/T 2260 codes] seed 000 §一.2 has a 考籍管理区县 picker
    # but names no district. Every address and phone below is [INVENTED]: seed 000 §1
    # offers 考籍管理区县联系方式查询 but lists none (area codes are the real ones).
    {"code": "120101", "name": "和平区", "address": "和平区南京路210号区教育局三楼自考办", "phone": "022-27301001"},
    {"code": "120102", "name": "河东区", "address": "河东区十一经路78号区招生办公室", "phone": "022-24131002"},
    {"code": "120103", "name": "河西区", "address": "河西区友谊路31号区招生考试中心", "phone": "022-28351003"},
    {"code": "120104", "name": "南开区", "address": "南开区红旗路268号区教育招生办公室", "phone": "022-27631004"},
    # [seed 004 §五] "太原市小店区招办已预审通过"
    {"code": "140105", "name": "小店区", "address": "太原市小店区平阳路55号小店区招生办公室",
     "phone": "0351-7011005"},
    # [seed 002 §6] "办理考区: 西宁市" (a city-level 考区, so a city code)
    {"code": "630100", "name": "西宁市", "address": "西宁市城西区五四西路17号西宁市招生考试中心",
     "phone": "0971-6131006"},
]

# ---------------------------------------------------------------------------
# MAJORS
# ---------------------------------------------------------------------------
MAJORS = [
    # [seed 000 §10.6, §10.9] 030101K 法学, 本科(专升本), 天津师范大学
    {"code": "030101K", "name": "法学", "level": "本科",
     "university": "天津师范大学", "status": "open"},
    # [seed 004 §二(二)2] course list + 13000 英语(专升本) → 专升本 major; code and name
    # from [seed 003 §4.3, §5.2] "120402行政管理(专升本)". University [INVENTED]:
    # seed 004 names 山西大学 only for 行政管理(专科).
    {"code": "120402", "name": "行政管理", "level": "本科",
     "university": "山西大学", "status": "open"},
    # [seed 003 §5.1] "120103--工程管理(专升本)". University [INVENTED] (not named).
    {"code": "120103", "name": "工程管理", "level": "本科",
     "university": "同济大学", "status": "open"},
    # [seed 004 §五] "山西大学 | 行政管理(专科)". The manual gives no code: 690206 is
    # [INVENTED].
    {"code": "690206", "name": "行政管理", "level": "专科",
     "university": "山西大学", "status": "open"},
]

# ---------------------------------------------------------------------------
# COURSES
# ---------------------------------------------------------------------------
COURSES = [
    # --- seed 000 §10.5 (合格成绩 table) and §10.6 (专业计划完成情况) ---
    {"code": "13000", "name": "英语(专升本)", "credits": 7, "kind": "theory"},
    {"code": "13144", "name": "犯罪学", "credits": 6, "kind": "theory"},
    {"code": "00144", "name": "企业管理概论", "credits": 5, "kind": "theory"},   # also seed 004 (5)
    {"code": "00226", "name": "知识产权法", "credits": 4, "kind": "theory"},
    {"code": "00249", "name": "国际私法", "credits": 4, "kind": "theory"},
    {"code": "00227", "name": "公司法", "credits": 4, "kind": "theory"},
    {"code": "00247", "name": "国际法", "credits": 6, "kind": "theory"},
    {"code": "13749", "name": "环境资源法学", "credits": 4, "kind": "theory"},
    {"code": "10791", "name": "建筑抗震设计", "credits": 4, "kind": "theory"},
    {"code": "14850", "name": "法学(本科)毕业论文", "credits": 0, "kind": "thesis"},
    # seed 000 §10.5 prints code "0506" (4 digits) for 管理经济学 5 credits; seed 003 §5.1
    # gives 02628 管理经济学 5 credits → taken as 02628.
    {"code": "02628", "name": "管理经济学", "credits": 5, "kind": "theory"},
    {"code": "13702", "name": "国际经济法", "credits": 6, "kind": "theory"},
    {"code": "03709", "name": "马克思主义基本原理概论", "credits": 4, "kind": "theory"},  # 000, 003, 004
    {"code": "03708", "name": "中国近现代史纲要", "credits": 2, "kind": "theory"},        # 000, 003, 004
    {"code": "00230", "name": "合同法", "credits": 5, "kind": "theory"},      # §10.6 only (5 per manual)
    {"code": "14081", "name": "侵权责任法", "credits": 4, "kind": "theory"},  # §10.6 only
    # --- seed 003 §三 (考试计划, 020301K 金融学 example) ---
    {"code": "04183", "name": "概率论与数理统计(经管类)", "credits": 5, "kind": "theory"},
    {"code": "04184", "name": "线性代数(经管类)", "credits": 4, "kind": "theory"},
    {"code": "11291", "name": "网络金融学", "credits": 6, "kind": "theory"},
    {"code": "00054", "name": "管理学原理", "credits": 6, "kind": "theory"},
    # --- seed 003 §四.2, §四.3 ---
    {"code": "00015", "name": "英语(二)", "credits": 14, "kind": "theory"},
    {"code": "00016", "name": "日语(二)", "credits": 14, "kind": "theory"},
    # --- seed 003 §四.4 (成绩补登 examples) ---
    {"code": "00002", "name": "邓小平理论概论", "credits": 3, "kind": "theory"},
    {"code": "00146", "name": "中国税制", "credits": 4, "kind": "theory"},
    {"code": "00155", "name": "中级财务会计", "credits": 8, "kind": "theory"},
    {"code": "00012", "name": "英语(一)", "credits": 7, "kind": "theory"},
    {"code": "00005", "name": "马克思主义政治经济学原理", "credits": 3, "kind": "theory"},
    {"code": "00058", "name": "市场营销学", "credits": 5, "kind": "theory"},
    # --- seed 003 §5.1 (本科论文申请, 120103 工程管理 score list) ---
    {"code": "05058", "name": "管理数量方法", "credits": 8, "kind": "theory"},
    {"code": "05059", "name": "项目管理学", "credits": 6, "kind": "theory"},
    {"code": "05060", "name": "项目范围管理", "credits": 4, "kind": "theory"},
    {"code": "05061", "name": "项目成本管理", "credits": 4, "kind": "theory"},
    {"code": "05062", "name": "项目质量管理", "credits": 4, "kind": "theory"},
    # manual text reads "05083" — an OCR slip for 05063 (series 05058–05068) [STD]
    {"code": "05063", "name": "项目时间管理", "credits": 4, "kind": "theory"},
    {"code": "05064", "name": "项目风险管理", "credits": 4, "kind": "theory"},
    {"code": "05065", "name": "项目管理法规", "credits": 6, "kind": "theory"},
    {"code": "05068", "name": "项目论证与评估", "credits": 5, "kind": "theory"},
    # manual text reads "05087"; taken as 05067 (same 6→8 OCR slip) [STD, moderately sure]
    {"code": "05067", "name": "项目管理案例分析(实践)", "credits": 5, "kind": "practice"},
    # §5.1: 实践, 4 credits; §5.2 shows the same code as 理论 with 0 or 4 credits → §5.1 kept
    {"code": "07171", "name": "项目管理软件(实践)", "credits": 4, "kind": "practice"},
    {"code": "11732", "name": "工程管理毕业论文", "credits": 0, "kind": "thesis"},  # "不计学分"
    # --- seed 003 §六.2 (本市转出 list) and seed 004 §二(二)2 (顶替 list), credits agree ---
    {"code": "00034", "name": "社会学概论", "credits": 6, "kind": "theory"},
    {"code": "00312", "name": "政治学概论", "credits": 6, "kind": "theory"},
    {"code": "00315", "name": "当代中国政治制度", "credits": 6, "kind": "theory"},
    {"code": "00316", "name": "西方政治制度", "credits": 6, "kind": "theory"},
    {"code": "00277", "name": "行政管理学", "credits": 6, "kind": "theory"},
    {"code": "00318", "name": "公共政策", "credits": 4, "kind": "theory"},
    {"code": "00319", "name": "行政组织理论", "credits": 4, "kind": "theory"},
    {"code": "00320", "name": "领导科学", "credits": 4, "kind": "theory"},
    {"code": "01848", "name": "公务员制度", "credits": 4, "kind": "theory"},
    # seed 003 §六.2 shows 0 credits (display artefact, not a thesis) → 4 [INVENTED]
    {"code": "00923", "name": "行政法与行政诉讼法(一)", "credits": 4, "kind": "theory"},
    # --- seed 004 §二(二)2 only ---
    {"code": "00261", "name": "行政法学", "credits": 5, "kind": "theory"},  # also seed 003 §5.2 加考
    {"code": "00321", "name": "中国文化概论", "credits": 5, "kind": "theory"},
    {"code": "00322", "name": "中国行政史", "credits": 5, "kind": "theory"},
    {"code": "00341", "name": "公文写作与处理", "credits": 6, "kind": "theory"},
    # name truncated in manual ("10304行政管理学毕业... (6)"); 6 credits as printed
    {"code": "10304", "name": "行政管理学毕业论文", "credits": 6, "kind": "thesis"},
    # --- seed 004 §二(二)3: code/name only; 7 credits [INVENTED, plausible] ---
    {"code": "13124", "name": "英语(专)", "credits": 7, "kind": "theory"},
    # --- [STD] not in any manual; for the 专科 demo plan ---
    {"code": "03706", "name": "思想道德修养与法律基础", "credits": 2, "kind": "theory"},
    {"code": "12656", "name": "毛泽东思想和中国特色社会主义理论体系概论", "credits": 4, "kind": "theory"},
]

# ---------------------------------------------------------------------------
# PLANS
# ---------------------------------------------------------------------------
PLANS = {
    # [seed 000 §10.6] Only the "基础课程" module (9 rows) is printed; the manual states
    # NO total credit requirement. The 选修 and 毕业论文 modules are [INVENTED] from
    # the courses §10.5 marks "used = 是" outside 基础课程 (13144, 00249, 13749, 14850).
    # total_min_credits = sum of module minima [INVENTED] (national norm for 专升本
    # is ≥70; with 70, c1 would fall short, though §10.6 says "已完成").
    "030101K": {
        "total_min_credits": 54,
        "modules": [
            {"name": "基础课程", "name_en": "Foundation courses", "min_credits": 42,  # 2+4+7+6+6+5+4+4+4, §10.6 verbatim
             "required": ["03708", "03709", "13000", "00247", "13702",
                          "00230", "00227", "14081", "00226"],
             "elective_groups": []},
            {"name": "选修课程", "name_en": "Elective courses", "min_credits": 12,  # [INVENTED]
             "required": [],
             "elective_groups": [
                 {"name": "选考课程(至少3门)", "name_en": "Electives (at least 3)", "choose": 3,
                  "courses": ["13144", "00249", "13749", "00261"]}]},
            {"name": "毕业论文", "name_en": "Thesis", "min_credits": 0,  # 14850 不计学分
             "required": ["14850"], "elective_groups": []},
        ],
    },
    # [seed 004 §二(二)2] course list + 13000 英语(专升本) 7 credits. Module split,
    # minima and total are [INVENTED].
    "120402": {
        "total_min_credits": 70,  # 13+39+12+6
        "modules": [
            {"name": "公共基础课", "name_en": "General foundation courses", "min_credits": 13,
             "required": ["03708", "03709", "13000"], "elective_groups": []},
            {"name": "专业核心课", "name_en": "Core courses", "min_credits": 39,
             "required": ["00034", "00316", "00318", "00319", "00320",
                          "01848", "00322", "00277"],
             "elective_groups": []},
            {"name": "选修课", "name_en": "Electives", "min_credits": 12,
             "required": [],
             "elective_groups": [
                 {"name": "选考课程(至少2门)", "name_en": "Electives (at least 2)", "choose": 2,
                  "courses": ["00321", "00144", "00341", "00312", "00315"]}]},
            {"name": "毕业论文", "name_en": "Thesis", "min_credits": 6,
             "required": ["10304"], "elective_groups": []},
        ],
        # [seed 004 §二(二)2] "考生选择未曾使用过的课程来顶替该课程 7 学分 … 顶替课程总学分不能小于7分":
        # any unused passed course (empty "replacing"). Rule name [INVENTED].
        "substitutions": [
            {"name": "英语(专升本)顶替", "replaces": ["13000"], "replacing": [], "min_credits": 7,
             "note": "未通过13000英语(专升本)的，可用未曾使用过的合格课程顶替，顶替课程总学分不能小于7学分。"},
        ],
        # [seed 003 §5.2] 加考选项 of "120402-1行政管理(专升本)"; the two options the screenshot reads clearly.
        # A missing 00261 may be explained (情况说明), seed 003 §5.2.
        "extra_exam_options": [
            {"label": "政治类专科毕业已通过行政法学", "courses": [], "explainable": False},
            {"label": "非政治类专科毕业未通过行政法学", "courses": ["00261"], "explainable": True},
        ],
    },
    # [seed 003 §5.1] all 16 listed courses; module split and totals [INVENTED]
    # (total = sum of listed credits; 00016 日语(二) alternative from seed 003 §4.3).
    "120103": {
        "total_min_credits": 79,  # 20 + 50 + 9 + 0
        "modules": [
            {"name": "公共基础课", "name_en": "General foundation courses", "min_credits": 20,
             "required": ["03708", "03709"],
             "elective_groups": [
                 {"name": "外语(任选1门)", "name_en": "Foreign language (any 1)", "choose": 1, "courses": ["00015", "00016"]}]},
            {"name": "专业课", "name_en": "Major courses", "min_credits": 50,
             "required": ["05058", "02628", "05059", "05060", "05061", "05062",
                          "05063", "05064", "05065", "05068"],
             "elective_groups": []},
            {"name": "实践课", "name_en": "Practical courses", "min_credits": 9,
             "required": ["05067", "07171"], "elective_groups": []},
            {"name": "毕业论文", "name_en": "Thesis", "min_credits": 0,
             "required": ["11732"], "elective_groups": []},
        ],
    },
    # [INVENTED] small 专科 plan. Real 专科 plans need ≥70 credits; shortened for the demo.
    "690206": {
        "total_min_credits": 50,  # 13+29+8
        "modules": [
            {"name": "公共基础课", "name_en": "General foundation courses", "min_credits": 13,
             "required": ["03706", "12656", "13124"], "elective_groups": []},
            {"name": "专业核心课", "name_en": "Core courses", "min_credits": 29,
             "required": ["00312", "00315", "00277", "00341", "00261"],
             "elective_groups": []},
            {"name": "选修课", "name_en": "Electives", "min_credits": 8,
             "required": [],
             "elective_groups": [
                 {"name": "选考课程(至少2门)", "name_en": "Electives (at least 2)", "choose": 2,
                  "courses": ["00144", "00321", "00320", "00318"]}]},
        ],
    },
}

# ---------------------------------------------------------------------------
# CANDIDATES (extra; links the score keys to majors/districts) [INVENTED except exam_nos of c1, c2]
# ---------------------------------------------------------------------------
CANDIDATES = [
    {"key": "c1", "major": "030101K", "district": "120101",
     "exam_nos": ["080105408130", "010123100003"]},  # exam numbers from seed 000 §10.5
    {"key": "c2", "major": "120103", "district": "120102",  # [INVENTED] seed 003 (Shanghai) names no district
     "exam_nos": ["414817170542"]},                      # seed 003 §5.1
    {"key": "c3", "major": "120402", "district": "140105", "exam_nos": ["011421104387"]},
    {"key": "c4", "major": "690206", "district": "140105", "exam_nos": ["011422045126"]},
]

# ---------------------------------------------------------------------------
# SCORES
# ---------------------------------------------------------------------------
SCORES = [
    # --- c1: seed 000 §10.5 合格成绩, 13 rows, marks and 是否使用 verbatim.
    #     Sittings are [INVENTED] (the manual shows none); all precede the
    #     graduation window 2023-12-01 … 2024-01-12 (§10.9).
    {"candidate": "c1", "exam_no": "080105408130", "course": "13000", "mark": 61, "sitting": "2021-10", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "010123100003", "course": "13144", "mark": 72, "sitting": "2023-10", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "080105408130", "course": "00144", "mark": 68, "sitting": "2020-10", "source": "exam", "used": False},
    {"candidate": "c1", "exam_no": "080105408130", "course": "00226", "mark": 81, "sitting": "2021-04", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "010123100003", "course": "00249", "mark": 68, "sitting": "2023-04", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "080105408130", "course": "00227", "mark": 78, "sitting": "2022-04", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "080105408130", "course": "00247", "mark": 70, "sitting": "2021-10", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "080105408130", "course": "13749", "mark": 91, "sitting": "2022-10", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "080105408130", "course": "10791", "mark": 79, "sitting": "2019-10", "source": "exam", "used": False},
    {"candidate": "c1", "exam_no": "080105408130", "course": "14850", "mark": 75, "sitting": "2023-10", "source": "exam", "used": True},
    # manual: code "0506" → 02628 (see COURSES)
    {"candidate": "c1", "exam_no": "010123100003", "course": "02628", "mark": 69, "sitting": "2023-04", "source": "exam", "used": False},
    {"candidate": "c1", "exam_no": "080105408130", "course": "13702", "mark": 68, "sitting": "2022-10", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "080105408130", "course": "03709", "mark": 84, "sitting": "2020-10", "source": "exam", "used": True},
    # --- c1: three courses shown only in seed 000 §10.6 (passed, counted toward 基础课程)
    #     but missing from the §10.5 table. Sittings [INVENTED]. 03708 is shown as "(中)"
    #     (a grade, not a number); stored as "合格".
    {"candidate": "c1", "exam_no": "080105408130", "course": "03708", "mark": "合格", "sitting": "2020-10", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "080105408130", "course": "00230", "mark": 72, "sitting": "2022-04", "source": "exam", "used": True},
    {"candidate": "c1", "exam_no": "080105408130", "course": "14081", "mark": 65, "sitting": "2021-04", "source": "exam", "used": True},

    # --- c2: seed 003 §5.1 成绩列表 for 120103 工程管理(专升本), all 16 rows verbatim incl.
    #     sittings (通过时间). Not yet used by a graduation (thesis application stage).
    {"candidate": "c2", "exam_no": "414817170542", "course": "03708", "mark": 63, "sitting": "2017-06", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "03709", "mark": 69, "sitting": "2017-12", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05058", "mark": 68, "sitting": "2019-12", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "02628", "mark": 81, "sitting": "2018-06", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05059", "mark": 73, "sitting": "2017-12", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05060", "mark": 77, "sitting": "2017-06", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05061", "mark": 91, "sitting": "2018-06", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05062", "mark": 63, "sitting": "2018-12", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05063", "mark": 87, "sitting": "2018-06", "source": "exam", "used": False},  # manual "05083"
    {"candidate": "c2", "exam_no": "414817170542", "course": "05064", "mark": 81, "sitting": "2018-12", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05065", "mark": 93, "sitting": "2018-06", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05068", "mark": 74, "sitting": "2018-06", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "05067", "mark": 70, "sitting": "2018-12", "source": "exam", "used": False},  # manual "05087"
    {"candidate": "c2", "exam_no": "414817170542", "course": "07171", "mark": 73, "sitting": "2018-12", "source": "exam", "used": False},
    {"candidate": "c2", "exam_no": "414817170542", "course": "00015", "mark": "通过", "sitting": "2019-12", "source": "exemption", "used": False},  # 备注 免考
    {"candidate": "c2", "exam_no": "414817170542", "course": "11732", "mark": 80, "sitting": "2020-06", "source": "exam", "used": False},

    # --- c3 [INVENTED]: 120402 in Shanxi. Plan complete only via the 13000 substitution
    #     (unused 00315 + 00144 = 11 ≥ 7 credits); 03708 exempted; one failed attempt.
    {"candidate": "c3", "exam_no": "011421104387", "course": "03708", "mark": "通过", "sitting": "2021-10", "source": "exemption", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "03709", "mark": 66, "sitting": "2021-10", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00034", "mark": 71, "sitting": "2022-04", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00316", "mark": 52, "sitting": "2022-04", "source": "exam", "used": False},  # failed
    {"candidate": "c3", "exam_no": "011421104387", "course": "00316", "mark": 64, "sitting": "2022-10", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00318", "mark": 75, "sitting": "2022-10", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00319", "mark": 62, "sitting": "2023-04", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00320", "mark": 80, "sitting": "2023-04", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "01848", "mark": 69, "sitting": "2023-04", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00322", "mark": 60, "sitting": "2023-10", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00277", "mark": 73, "sitting": "2021-10", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00341", "mark": 67, "sitting": "2022-10", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00312", "mark": 70, "sitting": "2022-04", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00315", "mark": 63, "sitting": "2023-10", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "00144", "mark": 77, "sitting": "2024-04", "source": "exam", "used": False},
    {"candidate": "c3", "exam_no": "011421104387", "course": "10304", "mark": 72, "sitting": "2024-04", "source": "exam", "used": False},

    # --- c4 [INVENTED]: 690206 专科 in Shanxi, in progress (00261 and one elective
    #     missing); 13124 exempted by certificate; one old score back-registered.
    {"candidate": "c4", "exam_no": "011422045126", "course": "03706", "mark": 66, "sitting": "2022-10", "source": "exam", "used": False},
    {"candidate": "c4", "exam_no": "011422045126", "course": "12656", "mark": 71, "sitting": "2023-04", "source": "exam", "used": False},
    {"candidate": "c4", "exam_no": "011422045126", "course": "13124", "mark": "通过", "sitting": "2023-04", "source": "exemption", "used": False},
    {"candidate": "c4", "exam_no": "011422045126", "course": "00312", "mark": 63, "sitting": "2022-10", "source": "exam", "used": False},
    {"candidate": "c4", "exam_no": "011422045126", "course": "00315", "mark": 70, "sitting": "2023-04", "source": "exam", "used": False},
    {"candidate": "c4", "exam_no": "011422045126", "course": "00277", "mark": 58, "sitting": "2023-04", "source": "exam", "used": False},  # failed
    {"candidate": "c4", "exam_no": "011422045126", "course": "00277", "mark": 65, "sitting": "2023-10", "source": "exam", "used": False},
    {"candidate": "c4", "exam_no": "011422045126", "course": "00341", "mark": 74, "sitting": "2023-10", "source": "exam", "used": False},
    {"candidate": "c4", "exam_no": "011422045126", "course": "00144", "mark": 61, "sitting": "2001-10", "source": "back_registration", "used": False},
]
