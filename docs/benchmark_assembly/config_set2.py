# Assembler's configuration for the set2 episodes (staging data). See NOTES.md.
import datetime as dt
from config_set1 import W, _crit, _IN_PERSON
D = dt.date
EPISODES = {}

EPISODES["trump-maduro-2025"] = dict(windows=[], map={}, nomap={},
  slugs=["trump-could-have-discussions", "trump-talking-to-him-at-some-point", "maduro-face-to-face-talks",
         "nyt-call-discussed-us-meeting", "trump-confirms-call", "miami-herald-wsj-leave-now-ultimatum",
         "mullin-leavitt-chance-to-leave", "reuters-deadline-to-leave-expired", "maduro-cordial-call",
         "trump-days-are-numbered", "trump-smart-to-step-down", "maduro-mind-your-own-country", "maduro-ready-on-drugs-oil"])

EPISODES["kim-yoon-2024"] = dict(windows=[], map={}, nomap={},
  slugs=["yoon-no-reason-to-shun-meetings", "yoon-not-a-political-show", "kim-yo-jong-will-not-sit-face-to-face",
         "kim-yo-jong-yoon-and-his-idiots", "yoon-fed-up-with-show-summits", "kim-jong-un-two-hostile-states",
         "kim-jong-un-unification-impossible", "yoon-inter-korean-working-group", "yoon-independence-struggle",
         "kim-jong-un-puppet-yoon", "kim-jong-un-dont-want-to-face-them"])

EPISODES["kim-lee-2025"] = dict(
  windows=[
    W("apec-gyeongju", "APEC Leaders' Meeting, Gyeongju (Lee hosts; North Korea not invited)", D(2025,10,31), D(2025,11,1), 20, D(2025,7,15),
      "announcement row 2 (15 Jul): a summit in Lee's country whose invitations leave North Korea out: a summit the other does not attend (20). Days as in the note."),
  ],
  map={2: "apec-gyeongju", 3: "apec-gyeongju", 8: "apec-gyeongju", 12: "apec-gyeongju"},
  nomap={},
  slugs=["lee-summit-very-difficult", "lee-wont-be-easy", "seoul-apec-invitations-no-north", "seoul-not-discussing-kim-invitation",
         "kim-yo-jong-no-reason-to-meet", "kim-yo-jong-foolish-dream", "kim-yo-jong-not-worthy-counterpart", "lee-worse-than-2018",
         "lee-pacemaker-trump-kim-apec", "lee-north-attitude-cold", "kim-jong-un-nothing-to-discuss", "lee-unga-peace-initiative",
         "lee-trump-kim-apec-unlikely", "lee-reopen-channels"])

EPISODES["biden-kim-2025"] = dict(
  windows=[
    W("biden-seoul-visit-may-2022", "Biden's visit to South Korea, 20-22 May 2022", D(2022,5,20), D(2022,5,22), 20, D(2022,5,20),
      "note: Biden's visit to Seoul (20-22 May 2022): one leader's trip to the other's region (a neighbouring country): 20. The announcement date is not in the data; the visit's first day is used (public by then at the latest)."),
  ],
  map={}, nomap={},
  slugs=["biden-meet-if-nuclear-discussed", "kim-jong-un-dialogue-and-confrontation", "kim-yo-jong-greater-disappointment",
         "ri-son-gwon-no-contact", "kim-jong-un-dialogue-facade", "biden-sincere-and-serious", "biden-hello-period",
         "kim-jong-un-nuclear-law-no-bargaining", "kirby-offer-without-preconditions", "kim-yo-jong-never-sit-face-to-face",
         "kim-jong-un-hostile-policy-unchangeable"])

EPISODES["xi-zelenskyy-2024"] = dict(windows=[], map={}, nomap={},
  slugs=["zelenskyy-plan-to-meet-xi", "podolyak-conversation-planned", "mao-ning-communication-all-parties",
         "zelenskyy-invites-xi-to-ukraine", "mao-peskov-no-information", "zelenskyy-xi-phone-call", "fu-cong-not-excluded",
         "zelenskyy-china-instrument-of-putin", "zelenskyy-six-point-plan-theatre", "zelenskyy-unga-chinese-brazilian-duo"])

EPISODES["modi-sharif-2025"] = dict(
  windows=[
    W("sco-tianjin", "SCO Heads of State Council, Tianjin (both leaders to attend)", D(2025,8,31), D(2025,9,1), 100, D(2025,8,8),
      "announcement row 6 (8 Aug): China welcomes Modi, and the leaders of all SCO members, Pakistan included, are to attend: a multilateral summit both are scheduled to attend (100). The note's 6 Aug reports name only Modi's attendance, so the day both are named (8 Aug) is used."),
  ],
  map={6: "sco-tianjin", 8: "sco-tianjin", 9: "sco-tianjin"},
  nomap={},
  slugs=["sharif-dar-ready-to-talk", "modi-no-trade-or-talks", "sharif-tehran-ready-to-talk", "jaiswal-terrorism-and-talks",
         "dar-ready-not-desperate", "dar-talks-anywhere-us-mediate", "sco-tianjin-modi-to-attend", "dar-neutral-location",
         "financial-express-same-room", "media-tianjin-no-contact", "dar-takes-two-to-tango", "sharif-unga-composite-dialogue"])

EPISODES["trump-rouhani-2019"] = dict(
  windows=[
    W("coming-weeks-aug-2019", "A Trump-Rouhani summit 'in coming weeks' (Macron at the G7)", D(2019,8,26), D(2019,9,30), 1, D(2019,8,26),
      "announcement row 0 (26 Aug): a named period (1); 'the coming weeks' read as 26 Aug-30 Sep, through the UN General Assembly week the row's note names."),
    W("unga-2019", "UN General Assembly, New York, general debate (both leaders attending)", D(2019,9,24), D(2019,9,30), 100, D(2019,8,26),
      "note: both leaders' attendance was known by 26 Aug: a multilateral summit both are scheduled to attend (100). Days: the general debate, 24-30 Sep 2019 (the note gives the start; the end from the UN schedule)."),
  ],
  map={0: "coming-weeks-aug-2019", 1: "coming-weeks-aug-2019", 5: "unga-2019", 9: "unga-2019"},
  nomap={},
  slugs=["macron-summit-in-coming-weeks", "trump-if-circumstances-right", "rouhani-retreat-from-sanctions",
         "pompeo-mnuchin-no-preconditions", "trump-no-conditions-incorrect", "mousavi-not-in-new-york", "khamenei-no-talks-any-level",
         "trump-prefer-not-meeting", "rouhani-not-while-sanctions", "rouhani-macron-photos-final-stage",
         "new-yorker-rouhani-never-emerged", "trump-you-must-be-kidding"])

EPISODES["putin-zelenskyy-paris-2019"] = dict(
  windows=[
    W("normandy-paris-9dec", "Normandy Four summit, Paris, 9 Dec 2019 (date announced by Ukraine and the Elysee)", D(2019,12,9), D(2019,12,9), 100, D(2019,11,15),
      "note and announcement row 8 (15 Nov): Ukraine and the host announce the four-leader summit for 9 Dec: a multilateral summit both leaders are scheduled to attend (100). The Kremlin's confirmation (by 25 Nov) does not change its kind."),
    W("paris-bilateral-9dec", "Putin-Zelenskyy bilateral on the sidelines in Paris, 9 Dec (confirmed by Zelenskyy)", D(2019,12,9), D(2019,12,9), 100, D(2019,12,7),
      "note and row 11 (7 Dec): Zelenskyy confirms a bilateral at the summit; no Kremlin announcement among the rows: one side (100, no higher than the summit)."),
  ],
  map={8: "normandy-paris-9dec", 10: "normandy-paris-9dec", 11: "paris-bilateral-9dec", 12: "paris-bilateral-9dec"},
  nomap={2: "the Normandy summit agreed in principle (about 31 Aug) had no date, so it is not a window (the note gives no days until 15 Nov)",
         4: "'this year (Nov 2019 Normandy summit)': 'this year' is the whole horizon, and Zelenskyy's 'November' forecast is not an occasion in the note; the undated Normandy summit is not a window",
         5: "the undated Normandy summit is not a window (no days before the 15 Nov announcement)",
         6: "the undated Normandy summit is not a window (no days before the 15 Nov announcement)",
         7: "the undated Normandy summit is not a window (no days before the 15 Nov announcement)",
         9: "said on or about 14 Nov, dated 15 Nov, about the Normandy meeting without a date: the 9 Dec window was announced the same day (15 Nov) but the statement does not name the date; kept unscoped as about the undated summit"},
  slugs=["putin-cautiously-optimistic", "peskov-no-conditions-homework", "zelenskyy-personal-meeting-normandy",
         "peskov-meeting-for-sake-of-meeting", "ushakov-zelenskyy-date-disengagement", "peskov-compel-units-disengagement",
         "peskov-premature", "peskov-thorough-preparation", "ukraine-elysee-summit-9-dec", "putin-agreed-normandy-format",
         "zelenskyy-peskov-confirm-9-dec", "zelenskyy-confirms-bilateral", "tass-bilateral-scheduled"])

EPISODES["biden-mbs-2022"] = dict(
  windows=[
    W("saudi-visit-june-2022", "A Biden visit to Saudi Arabia 'as soon as next month' (late-June add-on to the G7/NATO trip; reported)", D(2022,6,1), D(2022,6,30), 20, D(2022,5,20),
      "note and row 0 (20 May): a visit to the other's country reported from anonymous sources, announced by neither side: taken at 20 (not yet an announced visit), over June ('next month')."),
    W("saudi-visit-july-2022", "The Saudi visit postponed to July (reported)", D(2022,7,1), D(2022,7,31), 20, D(2022,6,3),
      "note and row 3 (3 Jun, NBC): the visit is reported postponed to July; still not announced by either side: 20, over July."),
    W("jeddah-15-16jul", "Biden's Saudi visit, Jeddah, 15-16 Jul 2022 (White House and Royal Court: he will meet the Crown Prince)", D(2022,7,15), D(2022,7,16), 1000, D(2022,6,14),
      "announcement row 7 (14 Jun): both governments announce the visit for 15-16 Jul, and the Royal Court says he will meet the Crown Prince: a meeting both sides have announced for these days (1000)."),
  ],
  map={0: "saudi-visit-june-2022", 1: "saudi-visit-june-2022", 2: "saudi-visit-june-2022", 3: "saudi-visit-july-2022",
       4: "saudi-visit-july-2022", 5: "saudi-visit-july-2022", 6: "saudi-visit-july-2022", 7: "jeddah-15-16jul",
       9: "jeddah-15-16jul", 10: "jeddah-15-16jul"},
  nomap={},
  slugs=["bloomberg-cnn-weighing-meeting", "ap-jean-pierre-leaning-towards-visit", "biden-no-direct-plans", "nbc-postponed-to-july",
         "cnn-move-past-khashoggi", "biden-not-yet-larger-meeting", "jean-pierre-continue-to-plan",
         "white-house-royal-court-trip-announced", "cengiz-dishonoring", "biden-not-going-to-meet-mbs", "biden-reason-going-to-saudi"])

CRITERIA = {ev: _crit(_IN_PERSON) for ev in EPISODES}
CRITERIA["modi-sharif-2025"] = _crit("{a} and {b} hold a formal bilateral meeting in person (formal talks between the two; being in the same room or group photo at a multilateral summit does not count)")
CRITERIA["biden-kim-2025"] = _crit("{a} and {b} meet in person (before Biden's term ends)")

EXTRA = {
 "trump-maduro-2025": "Not a window: a possible meeting 'in the United States' discussed on the 21 Nov call (NYT, 28 Nov: 'no concrete plans'): no days.",
 "kim-yoon-2024": "Not windows: the 'audacious initiative' (15 Aug 2022) and the Inter-Korean Working Group (15 Aug 2024) are working-level offers with no days.",
 "kim-lee-2025": "The APEC window is kept although the encoders' items about it (rows 8 and 12) concern a Trump-Kim meeting at APEC: the occasion is the same, and the rule maps by occasion.",
 "biden-kim-2025": "Biden's Seoul visit (20-22 May 2022) is made a window although no item names it: unlike a hazard-1 named period, a hazard-20 window changes the profile. Its announcement date is not in the data; the visit's first day is used (public by then at the latest). Not windows: the standing offers of talks (21 Jun 2021) and of a leaders' meeting without preconditions (disclosed 17 Aug 2023): no days.",
 "xi-zelenskyy-2024": "Not windows: the invitation to Ukraine (28-29 Mar 2023; no answer) has no days; the note says no multilateral occasion brought them together.",
 "modi-sharif-2025": "Not windows: the UN General Assembly (late Sep 2025; Modi did not attend, the note did not gather it, no statement refers to it, no days in the data) and Pakistan's 'neutral venue' idea (no days).",
 "trump-rouhani-2019": "Not a window: the 'no preconditions' offer (about 10 Sep) disowned on 15 Sep: not an occasion with days. The UNGA end day (30 Sep) is from the UN schedule (general debate 24-30 Sep 2019).",
 "putin-zelenskyy-paris-2019": "Not windows: the Normandy summit 'agreed in principle' about 31 Aug had no date until 15 Nov; Zelenskyy's 'this year... November' forecast (10 Oct) is not an occasion in the note. Items about the undated summit stay unscoped. The four-leader summit is 100 by the table (a multilateral summit both attend); for an 'in person' question, a four-leader table is itself a meeting if both attend, which the encoders' strong items, not the hazard, carry.",
 "biden-mbs-2022": "'Late June' (note) is read as June, since row 0 says 'as soon as next month'. Row 2 (Biden, 3 Jun, 'not sure when I'm going') goes to the June window: NBC's report of the postponement to July came that evening (row 3), and the remark is about the trip as then planned.",
}
