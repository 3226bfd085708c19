# Assembler's configuration for the set1 episodes (shared data). Windows and window mappings are
# the assembler's judgement (see NOTES.md); evidence values are copied from the blind encoders.
import datetime as dt
D = dt.date

def W(id, name, start, end, hazard, announced, why):
    return dict(id=id, name=name, start=start, end=end, hazard=hazard, announced=announced, why=why)

EPISODES = {}

EPISODES["biden-xi-bali-2022"] = dict(
  windows=[
    W("g20-bali-invitation", "G20 summit, Bali: host invites Xi (no answer yet)", D(2022,11,15), D(2022,11,16), 20, D(2022,7,26),
      "announcement row 0 (26 Jul): Jokowi invites Xi, who has not answered; Biden expected as a G20 leader. A summit one leader attends and the other is only invited to: the 20 row (not yet 'both scheduled')."),
    W("g20-bali", "G20 summit, Bali: host says Xi will come", D(2022,11,15), D(2022,11,16), 100, D(2022,8,18),
      "note: Jokowi said on 18 Aug that Xi would come: from then a multilateral summit both leaders are scheduled to attend (100). Days are the summit's (15-16 Nov) as known then."),
    W("november-asian-summits", "November 2022 Asian summits named as the target (G20 Bali, ASEAN Cambodia, APEC Bangkok)", D(2022,11,1), D(2022,11,30), 1, D(2022,8,19),
      "note and row 4 (19 Aug): reports name the November summits as the target: a named period (1), the month of November."),
    W("bali-meeting-14nov", "Biden-Xi meeting in Bali on 14 Nov (announced by the White House)", D(2022,11,14), D(2022,11,14), 100, D(2022,11,10),
      "note and row 8 (10 Nov): the White House announces the 14 Nov meeting; China has not yet confirmed: a dated bilateral announced by one side only, which the table does not list; taken at 100, the next row down from 'both sides announced'."),
    W("bali-meeting-14nov-both", "Biden-Xi meeting in Bali on 14 Nov (confirmed by China: both sides)", D(2022,11,14), D(2022,11,14), 1000, D(2022,11,11),
      "note and row 9 (11 Nov): China confirms: a bilateral meeting both sides have announced for this day (1000)."),
  ],
  map={3: "g20-bali", 4: "november-asian-summits", 5: "g20-bali", 6: "g20-bali", 7: "g20-bali",
       8: "bali-meeting-14nov", 9: "bali-meeting-14nov-both", 10: "bali-meeting-14nov-both"},
  nomap={},
  slugs=["jokowi-invites-xi-g20", "us-official-teams-find-time", "china-suspends-talks-pelosi", "jokowi-xi-will-come",
         "campbell-no-time-place-wsj-november", "kirby-staffs-working-modalities", "us-officials-nothing-to-report",
         "biden-red-lines-when-we-talk", "white-house-confirms-14-nov", "china-confirms-xi-meets-biden", "biden-coming-in-stronger"],
)

EPISODES["biden-xi-woodside-2023"] = dict(
  windows=[
    W("g20-new-delhi", "G20 summit, New Delhi (Biden's attendance announced)", D(2023,9,9), D(2023,9,10), 20, D(2023,8,22),
      "announcement row 2 (22 Aug): Biden will attend; Xi's attendance not announced (China announces late). A summit one leader is scheduled for and the other is not: the 20 row, not 'both scheduled'."),
    W("apec-san-francisco", "APEC Economic Leaders' Week, San Francisco (US host; the standing venue)", D(2023,11,11), D(2023,11,17), 20, D(2023,6,17),
      "note: the standing venue, public before opens (taken as known on opens). Biden hosts; Xi's attendance not announced: the 20 row. Days: the Leaders' Week, 11-17 Nov 2023 (public schedule; not given in the note, see NOTES.md)."),
    W("apec-san-francisco-agreed", "APEC San Francisco: both sides 'work together toward' a Biden-Xi meeting there in November", D(2023,11,11), D(2023,11,17), 100, D(2023,10,27),
      "note and row 7 (27 Oct): both sides say they will work toward a meeting in San Francisco in November: from then both leaders are expected at the summit (100)."),
    W("sf-meeting-15nov", "Biden-Xi meeting on 15 Nov (announced by the White House)", D(2023,11,15), D(2023,11,15), 100, D(2023,11,10),
      "note and row 11 (10 Nov): White House confirms 15 Nov; a dated bilateral announced by one side (taken at 100)."),
    W("sf-meeting-15nov-both", "Biden-Xi meeting on 15 Nov (confirmed by China: both sides)", D(2023,11,15), D(2023,11,15), 1000, D(2023,11,11),
      "row 12 (dated 11 Nov in the CSV; the note says 10 or 11 Nov): China confirms the bilateral: both sides announced (1000). The later of the two dates is used."),
  ],
  map={2: "g20-new-delhi", 4: "g20-new-delhi", 5: "apec-san-francisco", 6: "apec-san-francisco",
       7: "apec-san-francisco-agreed", 8: "apec-san-francisco-agreed", 9: "apec-san-francisco-agreed",
       10: "apec-san-francisco-agreed", 11: "sf-meeting-15nov", 12: "sf-meeting-15nov-both", 13: "sf-meeting-15nov-both"},
  nomap={},
  slugs=["biden-hope-coming-months", "biden-calls-xi-dictator", "white-house-biden-to-g20-delhi", "biden-disappointed-going-to-see-him",
         "china-li-qiang-leads-g20", "mss-sincerity-bali-to-sf", "biden-not-agreed-possibility", "us-official-work-toward-sf",
         "wang-yi-not-autopilot", "white-house-agreement-in-principle", "afp-sources-expected-15-nov", "white-house-confirms-15-nov",
         "china-confirms-xi-visit-sf", "media-filoli-venue-xi-arrives"],
)

EPISODES["kim-putin-vladivostok-2019"] = dict(
  windows=[
    W("this-year-2018", "'This year' (2018): KCNA says a leaders' meeting was agreed for this year", D(2018,6,1), D(2018,12,31), 1, D(2018,6,1),
      "row 1 (1 Jun) and the note's window paragraph: a named period (1), from the report to 31 Dec 2018."),
    W("eef-2018", "Eastern Economic Forum, Vladivostok (Kim invited; Putin attends)", D(2018,9,11), D(2018,9,13), 20, D(2018,6,4),
      "announcement row 2 (4 Jun): Peskov floats the EEF, Putin invites Kim for September; Kim has not accepted. Putin at a regional forum next to North Korea that the other is only invited to: 20."),
    W("putin-far-east-trip-april-2019", "Putin's Far East trip around 24 Apr 2019 (summit being prepared, per Peskov; timing per Yonhap sources)", D(2019,4,23), D(2019,4,25), 20, D(2019,4,15),
      "note and row 8 (15 Apr): Putin's trip to the Far East, next to North Korea, with a summit 'being prepared' but no visit announced: 20. Days: 'around 24 Apr', before the Beijing forum: 23-25 Apr (assembler's reading)."),
    W("kim-russia-visit-late-april-2019", "Kim's visit to Russia 'in the second half of April' (Kremlin)", D(2019,4,18), D(2019,4,30), 100, D(2019,4,18),
      "note and row 10 (18 Apr): the Kremlin announces Kim's visit to Russia in the second half of April: one leader's visit to the other's country (100), from the announcement to 30 Apr."),
    W("vladivostok-summit-25apr", "Putin-Kim summit in Vladivostok on 25 Apr (KCNA and Kremlin)", D(2019,4,25), D(2019,4,25), 1000, D(2019,4,23),
      "note and row 11 (23 Apr): KCNA announces the visit and Ushakov gives the date: a bilateral both sides have announced for this day (1000)."),
  ],
  map={1: "this-year-2018", 2: "eef-2018", 3: "eef-2018", 4: "eef-2018", 8: "putin-far-east-trip-april-2019",
       9: "putin-far-east-trip-april-2019", 10: "kim-russia-visit-late-april-2019", 11: "vladivostok-summit-25apr",
       12: "vladivostok-summit-25apr"},
  nomap={},
  slugs=["lavrov-come-to-russia", "kcna-peskov-summit-this-year", "peskov-eef-possible-occasion", "peskov-no-confirmation-eef",
         "ushakov-kim-not-expected-eef", "peskov-invited-time-place-tbd", "moon-kim-to-visit-russia-soon", "peskov-no-clarity-on-agenda",
         "peskov-yonhap-summit-prepared", "fnn-kim-chang-son-scouts-station", "kremlin-visit-second-half-april",
         "kcna-ushakov-summit-25-apr", "media-kim-arrives-vladivostok"],
)

EPISODES["kim-putin-vostochny-2023"] = dict(
  windows=[
    W("eef-2023", "Eastern Economic Forum, Vladivostok: Kim reportedly to meet Putin there (NYT, US and allied officials)", D(2023,9,10), D(2023,9,13), 20, D(2023,9,4),
      "note and row 2 (4 Sep): a visit reported by third-party officials, commented on by neither side; Putin at a regional forum next to North Korea: 20 (not yet an announced visit)."),
    W("kim-official-visit-coming-days", "Kim's official visit to Russia 'in the coming days' (Kremlin and KCNA)", D(2023,9,11), D(2023,9,17), 100, D(2023,9,11),
      "note and row 6 (11 Sep): both sides announce the visit and a meeting, no day given: one leader's visit to the other's country (100); 'the coming days' read as 11-17 Sep (a week)."),
  ],
  map={2: "eef-2023", 4: "eef-2023", 5: "kim-official-visit-coming-days", 6: "kim-official-visit-coming-days",
       7: "kim-official-visit-coming-days", 8: "kim-official-visit-coming-days"},
  nomap={9: "Putin's plan to visit the Vostochny spaceport names neither Kim nor a meeting; the venue was never announced as the meeting's (note), so it is not clearly the official-visit occasion"},
  slugs=["kcna-shoigu-putin-letter", "kirby-letters-arms-talks", "nyt-kim-to-vladivostok", "watson-high-level-exchanges-russia",
         "peskov-putin-at-eef-no-comment", "rok-official-kim-train-departs", "kremlin-kcna-official-visit",
         "peskov-talks-within-days-dinner", "kcna-kim-left-by-train", "putin-to-visit-vostochny"],
)

EPISODES["putin-kim-pyongyang-2024"] = dict(
  windows=[
    W("putin-visit-coming-weeks-june-2024", "Putin's visit to North Korea 'in the coming weeks' (Vedomosti; ambassador 'actively preparing')", D(2024,6,10), D(2024,6,30), 100, D(2024,6,10),
      "note and row 6 (10 Jun): the visit accepted in Sep 2023 is reported for the coming weeks and the ambassador is preparing it: one leader's visit to the other's country (100), 10-30 Jun ('the coming weeks', June per the note)."),
    W("putin-state-visit-18-19-jun", "Putin's state visit to the DPRK on 18-19 Jun (Kremlin)", D(2024,6,18), D(2024,6,19), 100, D(2024,6,17),
      "note and row 9 (17 Jun): the Kremlin announces the dates: a visit to the other's country (100); no North Korean announcement of the dates is among the rows, so not the 1000 row."),
  ],
  map={6: "putin-visit-coming-weeks-june-2024", 7: "putin-visit-coming-weeks-june-2024", 8: "putin-visit-coming-weeks-june-2024",
       9: "putin-state-visit-18-19-jun"},
  nomap={0: "the undated return visit (accepted 14 Sep 2023) has no days, so it is not a window; the June window was announced only on 10 Jun 2024",
         5: "the June window was announced only on 10 Jun 2024, after this statement (18 May); the undated visit is not a window"},
  slugs=["peskov-invitation-accepted", "peskov-not-yet-going", "peskov-foreseeable-future", "choe-invitation-restated",
         "peskov-no-firm-dates", "peskov-preparations-own-pace", "vedomosti-matsegora-coming-weeks", "nhk-early-next-week",
         "rok-official-in-a-few-days", "kremlin-state-visit-18-19-jun"],
)

EPISODES["xi-modi-kazan-2024"] = dict(
  windows=[
    W("sco-astana", "SCO summit, Astana (Xi attends; Modi not attending)", D(2024,7,3), D(2024,7,4), 20, D(2024,6,28),
      "note and row 0 (28 Jun): Modi's non-attendance is public on opens: a summit the other does not attend (20)."),
    W("brics-kazan", "BRICS summit, Kazan (both leaders' attendance announced)", D(2024,10,22), D(2024,10,24), 100, D(2024,10,18),
      "announcement row 3 (18 Oct): both leaders will attend: a multilateral summit both are scheduled to attend (100)."),
    W("kazan-bilateral-23oct", "Modi-Xi bilateral in Kazan on 23 Oct (confirmed by India)", D(2024,10,23), D(2024,10,23), 100, D(2024,10,22),
      "note and row 8 (22 Oct): India confirms a bilateral tomorrow; no Chinese confirmation among the rows: one side only (100, no higher than the summit)."),
  ],
  map={0: "sco-astana", 3: "brics-kazan", 4: "brics-kazan", 5: "brics-kazan", 6: "brics-kazan", 7: "brics-kazan",
       8: "kazan-bilateral-23oct"},
  nomap={},
  slugs=["jaiswal-modi-skips-sco", "jaishankar-75-percent-disengagement", "mao-ning-wang-doval-agree", "brics-kazan-both-attend",
         "misri-patrolling-agreement", "lin-jian-keep-you-posted", "kumar-other-meetings-may", "lin-jian-resolution-reached",
         "misri-confirms-bilateral"],
)

EPISODES["kim-xi-beijing-2025"] = dict(
  windows=[
    W("victory-day-parade", "Victory Day parade, Beijing (foreign leaders to be invited; Kim not named)", D(2025,9,3), D(2025,9,3), 20, D(2025,6,24),
      "announcement row 1 (24 Jun): an event in Xi's capital with foreign leaders invited, Kim not named: a summit-like occasion the other is not scheduled for (20). Day: 3 Sep, the parade."),
    W("kim-visit-parade", "Kim's visit to China for the 3 Sep commemorations (announced by China and KCNA)", D(2025,9,3), D(2025,9,3), 100, D(2025,8,28),
      "note and rows 2-3 (28 Aug): both sides announce Kim's visit to attend the celebrations: one leader's visit to the other's country (100). Days: only the celebrations' day (3 Sep) was announced; see NOTES.md."),
  ],
  map={1: "victory-day-parade", 2: "kim-visit-parade", 3: "kim-visit-parade", 4: "kim-visit-parade", 6: "kim-visit-parade",
       7: "kim-visit-parade", 8: "kim-visit-parade", 9: "kim-visit-parade"},
  nomap={0: "dropped: dated before opens"},
  slugs=["hong-min-analysts-later-2024", "china-parade-foreign-leaders", "hong-lei-welcomes-kim", "kcna-kim-to-visit-china",
         "yang-moo-jin-rare-occasion", "delury-mending-fence", "kcna-nis-kim-leaves-likely-summits", "media-kim-arrives-beijing",
         "afp-kim-putin-flank-xi", "guo-jiakun-in-depth-talks-soon"],
)

EPISODES["erdogan-assad-2024"] = dict(
  windows=[], map={}, nomap={},
  slugs=["erdogan-ready-to-meet", "erdogan-invitation-with-putin", "erdogan-invite-any-moment", "erdogan-called-assad-two-weeks-ago",
         "assad-content-not-meeting", "assad-no-withdrawal-speech", "mekdad-no-dealings-until-demands", "fidan-must-happen-now",
         "erdogan-waiting-for-response", "erdogan-no-positive-response"],
)

EPISODES["kim-kishida-2024"] = dict(
  windows=[], map={}, nomap={},
  slugs=["kishida-face-him-directly", "pak-sang-gil-no-reason-not-to-meet", "kishida-summit-early-date", "kishida-continue-seeking",
         "matsuno-any-time-no-preconditions", "kishida-unga-without-conditions", "kishida-rally-early-talks",
         "kim-jong-un-noto-condolences", "kishida-policy-speech-talks", "kim-yo-jong-pyongyang-visit-might-come",
         "hayashi-completely-unacceptable", "kim-yo-jong-another-channel", "kishida-nothing-set", "kim-yo-jong-reject-any-contact",
         "choe-ri-no-business-meeting-japan", "kishida-not-running"],
)

EPISODES["trump-kim-singapore-2018"] = dict(
  windows=[
    W("by-may-2018", "'By May' 2018 (Chung Eui-yong: Trump would meet Kim by May; no place or date)", D(2018,3,8), D(2018,5,31), 1, D(2018,3,8),
      "announcement row 0 (8 Mar): a named period (1), from the announcement to 31 May."),
    W("singapore-12jun", "Singapore summit, 12 Jun 2018 (Trump's tweet)", D(2018,6,12), D(2018,6,12), 100, D(2018,5,10),
      "announcement row 4 (10 May): Trump announces date and place; no North Korean announcement of the date among the rows: a dated bilateral announced by one side (100). The same occasion after the 24 May cancellation and 25 May revival (note) stays this window."),
  ],
  map={0: "by-may-2018", 4: "singapore-12jun", 5: "singapore-12jun", 6: "singapore-12jun", 7: "singapore-12jun",
       8: "singapore-12jun", 9: "singapore-12jun", 10: "singapore-12jun", 12: "singapore-12jun", 13: "singapore-12jun",
       14: "singapore-12jun"},
  nomap={},
  slugs=["chung-meet-by-may", "sanders-trump-accepts", "trump-pompeo-met-kim", "trump-will-leave-if-not-fruitful",
         "trump-singapore-june-12", "kim-kye-gwan-reconsider-summit", "trump-substantial-chance-wont-work", "cnn-aides-pessimistic",
         "moon-every-confidence", "nk-official-nuclear-showdown", "trump-cancellation-letter", "kim-kye-gwan-intent-to-sit",
         "trump-could-even-be-12th", "trump-june-12-hasnt-changed", "trump-meeting-on-june-12"],
)

EPISODES["trump-kim-hanoi-2019"] = dict(
  windows=[
    W("unga-2018", "UN General Assembly, New York, general debate (floated by Reuters; Bolton doubts Kim attends)", D(2018,9,25), D(2018,10,1), 20, D(2018,9,10),
      "note and row 1 (10 Sep): a multilateral meeting in Trump's country that Kim is not expected at: the 20 row. Days: the general debate, 25 Sep-1 Oct 2018 (public UN schedule; the note says 'late Sep')."),
    W("january-february-2019", "'After the first of the year' / 'January or February' 2019", D(2019,1,1), D(2019,2,28), 1, D(2018,11,7),
      "note and rows 4, 7: a named period (1), Jan-Feb 2019, first named on 7 Nov ('early 2019')."),
    W("late-february-2019", "'Near the end of February', place to be announced (White House)", D(2019,2,15), D(2019,2,28), 1, D(2019,1,18),
      "announcement row 9 (18 Jan): a meeting announced by one side for a period, no day or place: a named period (1); 'near the end of February' read as 15-28 Feb."),
    W("vietnam-summit-27-28feb", "Summit in Vietnam (Hanoi from 8 Feb), 27-28 Feb 2019", D(2019,2,27), D(2019,2,28), 100, D(2019,2,5),
      "announcement row 10 (5 Feb, State of the Union): dates and country announced by Trump; no North Korean announcement among the rows: one side (100). Hanoi named on 8 Feb (row 11) is the same occasion."),
  ],
  map={1: "unga-2018", 4: "january-february-2019", 7: "january-february-2019", 9: "late-february-2019",
       10: "vietnam-summit-27-28feb", 11: "vietnam-summit-27-28feb", 12: "vietnam-summit-27-28feb"},
  nomap={},
  slugs=["sanders-kim-letter-second-meeting", "bolton-doubts-kim-at-unga", "pompeo-pretty-close-details", "trump-after-midterms",
         "trump-aiming-early-2019", "us-pompeo-talks-cancelled", "pence-likely-after-new-year", "trump-january-or-february",
         "kim-ready-to-meet-any-time", "white-house-summit-end-february", "trump-sotu-vietnam-27-28-feb", "trump-hanoi-named",
         "media-leaders-arrive-hanoi"],
)

EPISODES["trump-kim-dmz-2019"] = dict(
  windows=[
    W("trump-korea-visit-jun-2019", "Trump's visit to South Korea after the Osaka G20", D(2019,6,29), D(2019,6,30), 20, D(2019,6,23),
      "note and row 5 (23 Jun, the earliest public date found): one leader's trip to the other's region (a neighbouring country): 20."),
    W("dmz-offer-30jun", "Meeting at the DMZ on 30 Jun (Trump's public offer, welcomed by Pyongyang the same day)", D(2019,6,30), D(2019,6,30), 100, D(2019,6,29),
      "announcement row 9 (29 Jun): a meeting proposed publicly by one leader for a stated day and place, welcomed by the other side the same day (row 11): taken like a dated bilateral announced by one side (100). Trump's confirmation on 30 Jun is the same occasion."),
  ],
  map={5: "trump-korea-visit-jun-2019", 7: "trump-korea-visit-jun-2019", 9: "dmz-offer-30jun", 10: "dmz-offer-30jun",
       11: "dmz-offer-30jun", 12: "dmz-offer-30jun", 13: "dmz-offer-30jun", 14: "dmz-offer-30jun"},
  nomap={},
  slugs=["trump-we-will-see-if-it-happens", "kim-wait-until-end-of-year", "trump-third-summit-would-be-good", "trump-beautiful-letter",
         "kim-letter-excellent-content", "arirang-talks-in-limbo", "moon-back-channel-third-summit", "trump-speaking-different-form",
         "kwon-jong-gun-summit-rumour", "trump-dmz-tweet-shake-hand", "us-officials-no-plans-dmz", "choe-very-interesting-suggestion",
         "trump-kim-very-receptive", "rok-nothing-decided", "trump-will-be-meeting-kim"],
)

EPISODES["trump-kim-2020"] = dict(
  windows=[
    W("before-us-election-2020", "Before the US election of 3 Nov 2020 (a pre-election 'October surprise' summit)", D(2020,1,1), D(2020,11,2), 1, D(2020,2,10),
      "note (the pre-election idea, floated by Moon on 30 Jun) and row 2 (10 Feb, CNN: no summit 'before the election'), which first names the period: a named period (1), the days before election day."),
  ],
  map={2: "before-us-election-2020", 4: "before-us-election-2020", 5: "before-us-election-2020", 12: "before-us-election-2020"},
  nomap={10: "'this year (2020)' is the whole horizon, not the pre-election period; the note lists no separate 'this year' occasion, and a window covering the horizon would add nothing"},
  slugs=["chung-birthday-wishes", "kim-kye-gwan-personal-feelings", "cnn-no-summit-before-election", "ri-son-gwon-no-more-packages",
         "moon-dialogue-before-election", "bolton-october-surprise", "choe-no-need-face-to-face", "kwon-jong-gun-no-intention",
         "trump-would-certainly-do-that", "pompeo-hopeful-conversation", "kim-yo-jong-doubt-this-year", "pompeo-real-progress-only",
         "bolton-fourth-summit-not-happen"],
)

EPISODES["trump-putin-helsinki-2018"] = dict(
  windows=[
    W("third-country-after-nato", "Summit in a third country after the 11-12 Jul NATO summit (time and place agreed, per Ushakov)", D(2018,7,13), D(2018,7,31), 100, D(2018,6,27),
      "note and rows 7-8 (27 Jun): Russia says time and place are agreed, the US side says a meeting is likely after the NATO summit; no day disclosed. Both sides, no day: taken at 100 (not the 1000 row, which needs the days). Days: 13-31 Jul ('after the NATO summit', assembler's reading)."),
    W("helsinki-16jul", "Helsinki summit, 16 Jul 2018 (joint announcement)", D(2018,7,16), D(2018,7,16), 1000, D(2018,6,28),
      "announcement row 9 (28 Jun): announced simultaneously in Washington and Moscow: a bilateral both sides have announced for this day (1000)."),
  ],
  map={8: "third-country-after-nato", 9: "helsinki-16jul", 10: "helsinki-16jul", 11: "helsinki-16jul", 12: "helsinki-16jul",
       13: "helsinki-16jul"},
  nomap={},
  slugs=["trump-not-too-distant-future", "kremlin-readout-possible-summit", "sanders-no-specific-plans",
         "ushakov-white-house-proposal-breakdown", "sanders-no-planning-begun", "peskov-vienna-no-agreements",
         "putin-as-soon-as-us-ready", "ushakov-time-place-agreed", "bolton-trump-after-nato", "joint-announcement-helsinki",
         "schumer-mccain-cancel", "sanders-summit-still-on", "senators-letter-sanders-moving-forward", "white-house-helsinki-schedule"],
)

EPISODES["trump-putin-alaska-2025"] = dict(
  windows=[
    W("gulf-trip-istanbul-may-2025", "Trump's Gulf trip (Saudi Arabia floated as the venue) and the Istanbul talks, mid-May 2025", D(2025,5,13), D(2025,5,16), 20, D(2025,5,5),
      "note and row 5 (5 May): Trump's trip to the Gulf, where a first meeting had been floated; Putin not scheduled to travel: 20. Days: the Gulf trip and Istanbul talks, 13-16 May (public schedule; the note says 'mid-May')."),
    W("coming-days-aug-2025", "A bilateral meeting 'in the coming days', next week (Ushakov: agreed in principle)", D(2025,8,7), D(2025,8,17), 1, D(2025,8,7),
      "note and row 11 (7 Aug): one side says a meeting was agreed in principle 'in the coming days', next week considered; no day or place: a named period (1), 7-17 Aug (to the end of next week)."),
    W("alaska-15aug", "Alaska summit, 15 Aug 2025 (Trump's announcement)", D(2025,8,15), D(2025,8,15), 100, D(2025,8,8),
      "announcement row 12 (8 Aug): Trump announces the date and place: Putin's visit to the other's country, and a dated bilateral announced by one side: 100."),
    W("alaska-15aug-both", "Alaska summit, 15 Aug 2025 (Kremlin confirmation: both sides)", D(2025,8,15), D(2025,8,15), 1000, D(2025,8,9),
      "note and row 13 (9 Aug): the Kremlin confirms: a bilateral both sides have announced for this day (1000)."),
  ],
  map={5: "gulf-trip-istanbul-may-2025", 7: "gulf-trip-istanbul-may-2025", 11: "coming-days-aug-2025", 12: "alaska-15aug",
       13: "alaska-15aug-both", 14: "alaska-15aug-both"},
  nomap={},
  slugs=["trump-expect-to-meet-saudi", "peskov-moscow-invitation", "leavitt-nothing-to-read-out", "peskov-will-take-place",
         "peskov-preparatory-work", "peskov-no-specifics-saudi", "trump-nothing-until-we-meet", "peskov-no-plans-turkey",
         "trump-time-to-do-it", "trump-secondary-tariffs", "trump-good-chance-soon", "ushakov-coming-days-agreed",
         "trump-alaska-15-aug", "ushakov-confirms-alaska", "leavitt-rubio-venue-jber"],
)

EPISODES["trump-putin-budapest-2025"] = dict(
  windows=[
    W("budapest-two-weeks", "Budapest summit 'probably over the next two weeks' (Trump; confirmed by the Kremlin and Orban)", D(2025,10,16), D(2025,10,30), 100, D(2025,10,16),
      "note and rows 0-2 (16 Oct): both sides and the host announce a summit in Budapest, no date ('probably over the next two weeks'): both sides, no day: taken at 100 (not the 1000 row, which needs the days). Days: 16-30 Oct."),
  ],
  map={i: "budapest-two-weeks" for i in range(0, 13)},
  nomap={},
  slugs=["trump-budapest-announcement", "trump-next-two-weeks", "orban-ushakov-preparing", "orban-preparations-full-swing",
         "peskov-two-weeks-or-later", "cnn-rubio-lavrov-on-hold", "peskov-no-definite-timeframe", "white-house-no-plans-immediate",
         "trump-no-wasted-meeting", "szijjarto-not-off-table", "trump-cancelled-meeting", "putin-postponement",
         "peskov-leavitt-homework", "trump-witkoff-technical-talks", "ushakov-not-currently-planned"],
)

EPISODES["putin-zelenskyy-2025"] = dict(
  windows=[
    W("istanbul-15may", "Istanbul talks, 15 May 2025 (delegation level; Zelenskyy says he will come personally)", D(2025,5,15), D(2025,5,15), 20, D(2025,5,11),
      "announcement row 0 and row 1 (11 May): talks in a third country that one leader says he will attend and the other has not been announced for: 20."),
    W("summit-before-end-august", "Leaders' summit before the end of August (Ukraine's proposal)", D(2025,7,24), D(2025,8,31), 1, D(2025,7,24),
      "note and row 5 (24 Jul): one side's proposal for a period: a named period (1), to 31 Aug."),
    W("within-two-weeks-aug", "Putin-Zelenskyy meeting 'within the next two weeks' (Trump and Merz, 18 Aug)", D(2025,8,18), D(2025,9,1), 1, D(2025,8,18),
      "note and rows 8-9 (18 Aug): third parties announce a meeting 'within two weeks', not confirmed by the Kremlin: a named period (1), 18 Aug-1 Sep."),
  ],
  map={0: "istanbul-15may", 1: "istanbul-15may", 2: "istanbul-15may", 3: "istanbul-15may", 5: "summit-before-end-august",
       9: "within-two-weeks-aug"},
  nomap={},
  slugs=["putin-istanbul-talks-proposal", "zelenskyy-waiting-personally", "trump-have-the-meeting", "peskov-putin-not-travelling",
         "peskov-only-after-agreements", "zelenskyy-umerov-summit-before-august", "peskov-unlikely-in-30-days",
         "peskov-yermak-expert-work", "trump-arrangements-began", "merz-within-two-weeks", "lavrov-legitimacy-condition",
         "lavrov-no-meeting-planned", "merz-obviously-wont-happen", "putin-come-to-moscow", "zelenskyy-cant-go-to-moscow",
         "peskov-pr-stunt"],
)

EPISODES["trump-xi-busan-2025"] = dict(
  windows=[
    W("apec-korea", "APEC, South Korea (Gyeongju): Trump says he and Xi agreed to meet there", D(2025,10,31), D(2025,11,1), 100, D(2025,9,19),
      "announcement row 2 (19 Sep): Trump says both agreed to meet at APEC: a multilateral summit both leaders are scheduled to attend (100). Days as in the note: 31 Oct-1 Nov."),
    W("busan-30oct", "Trump-Xi bilateral on the morning of 30 Oct (White House)", D(2025,10,30), D(2025,10,30), 100, D(2025,10,23),
      "announcement row 11 (23 Oct): the White House announces the bilateral; China has not confirmed: one side (100)."),
    W("busan-30oct-both", "Trump-Xi meeting in Busan on 30 Oct (confirmed by China: both sides)", D(2025,10,30), D(2025,10,30), 1000, D(2025,10,29),
      "note and row 12 (29 Oct): China confirms: a bilateral both sides have announced for this day (1000)."),
  ],
  map={2: "apec-korea", 4: "apec-korea", 5: "apec-korea", 6: "apec-korea", 7: "apec-korea", 8: "apec-korea",
       9: "apec-korea", 10: "apec-korea", 11: "busan-30oct", 12: "busan-30oct-both"},
  nomap={},
  slugs=["trump-mutual-visits", "xinhua-readout-invitation", "trump-meet-at-apec", "xinhua-call-readout", "trump-no-reason-to-meet",
         "trump-havent-cancelled", "bessent-still-on", "bessent-trump-is-a-go", "trump-bessent-kl-prep", "trump-maybe-wont-happen",
         "trump-something-will-work-out", "white-house-thursday-bilateral", "guo-jiakun-confirms-busan"],
)

def _crit(phrase):
    def f(r, opens, until):
        return (f"Resolves yes if {phrase.format(a=r['leader_a'], b=r['leader_b'])} on a day from {opens:%d %B %Y} to "
                f"{until:%d %B %Y} inclusive (the meeting's local calendar date); otherwise no. "
                f"Wording of the question: \"{r['question']}\"")
    return f

_IN_PERSON = "{a} and {b} meet in person"
CRITERIA = {ev: _crit(_IN_PERSON) for ev in EPISODES}
CRITERIA["putin-kim-pyongyang-2024"] = _crit("{a} visits North Korea and meets {b} in person there")
CRITERIA["xi-modi-kazan-2024"] = _crit("{a} and {b} hold a formal bilateral meeting in person (formal talks between the two; a brief pull-aside or an exchange of greetings does not count)")
CRITERIA["kim-xi-beijing-2025"] = _crit("{a} and {b} hold in-person bilateral talks")
CRITERIA["trump-kim-hanoi-2019"] = _crit("{a} and {b} hold a second in-person meeting (after Singapore, 12 June 2018)")
CRITERIA["trump-kim-dmz-2019"] = _crit("{a} and {b} meet in person again, a third time (after Singapore 2018 and Hanoi 2019)")
CRITERIA["trump-kim-2020"] = _crit("{a} and {b} meet in person")
CRITERIA["trump-putin-helsinki-2018"] = _crit("{a} and {b} hold a bilateral summit (a formal in-person meeting; informal encounters at multilateral events do not count)")
CRITERIA["trump-putin-budapest-2025"] = _crit("{a} and {b} meet in person again (at the announced Budapest summit or elsewhere; their 15 August 2025 Alaska meeting is before the span)")

EXTRA = {
 "biden-xi-bali-2022": "Not windows: ASEAN (Cambodia) and APEC (Bangkok) are covered only by the November named-period window; the note names them as part of the target, with no attendance or days. The G20 windows keep the summit's days (15-16 Nov) as announced; the meeting on the eve (14 Nov) is covered only from 10 Nov, by the announced-meeting windows (section 4).",
 "biden-xi-woodside-2023": "APEC days (11-17 Nov, Economic Leaders' Week) are not in the note ('mid-November'); taken from the public schedule, e.g. https://www.nbcbayarea.com/news/local/apec-san-francisco-schedule-street-closures/3347168/ (19 Oct 2023). China's confirmation is dated 11 Nov as in the CSV (the note: 10 or 11 Nov).",
 "kim-putin-vladivostok-2019": "Not windows: 'other dates' through diplomatic channels (Peskov, 8 Oct 2018 and 4 Mar 2019) have no days. The 'this year' window comes from row 1 and the note's window paragraph (not its occasions list): a named period that an item names.",
 "kim-putin-vostochny-2023": "Not a window: the Vostochny venue, never announced in advance (note).",
 "putin-kim-pyongyang-2024": "Not windows: the return visit at an unspecified date (accepted 14 Sep 2023; 'foreseeable future' 15 Jan 2024; dates being coordinated 19 Jan) has no days. NHK's 'early next week' and Seoul's 'in a few days' (12 Jun) fall inside the June window; no separate window, since the kind (a visit) and the hazard (100) do not change.",
 "xi-modi-kazan-2024": "Not a window: G20 Rio (18-19 Nov 2024), which the note names as 'a later possible occasion; nothing was searched on it'. The data give neither its days nor either leader's attendance and no statement refers to it. If it is added, the rule used for BRICS gives 100 from the day both leaders' attendance became public.",
 "kim-xi-beijing-2025": "Both windows hold only the announced day of the commemorations (3 Sep); the talks were on 4 Sep, outside them. Item guo-jiakun-in-depth-talks-soon (4 Sep) names the visit, so it is scoped to kim-visit-parade, whose last day has passed: it has no effect (section 4).",
 "erdogan-assad-2024": "Not windows: the invitation to Turkey or a third country (4, 7, 11 Jul) and the reported Baghdad talks: no days, never scheduled (note: 'No scheduled occasion ever existed').",
 "kim-kishida-2024": "Not windows: Kishida's standing offers and Kim Yo Jong's 'the day of the prime minister's Pyongyang visit might come' (15 Feb 2024) have no days.",
 "trump-kim-singapore-2018": "The revival of 25 May and the confirmation of 1 Jun are the same occasion (same place and day): no new window, and no North Korean announcement of the date is among the rows, so no 1000 window.",
 "trump-kim-hanoi-2019": "Not a window: 'after the midterms' (Trump, 9 Oct 2018), an open-ended named period that no item names (the encoder of row 3 named no occasion); a hazard-1 window with no item changes nothing. UNGA days from the UN schedule (general debate 25 Sep-1 Oct 2018; Trump spoke on 25 Sep).",
 "trump-kim-dmz-2019": "Not a window: Kim's 'wait until the end of the year' (12 Apr), a named period no item names. The Korea visit's first announcement was not found (note), so its window is known only from 23 Jun, later than in reality.",
 "trump-kim-2020": "The pre-election window is dated 10 Feb, the CNN row that first names the period ('no summit before the election'), not 30 Jun, the day the note gives for Moon floating the idea; the period is the same.",
 "trump-putin-helsinki-2018": "Not windows: 'not-too-distant future' (20 Mar), the White House visit (invitation disclosed 2 Apr, no date, stalled) and Vienna as a venue (9-10 Jun, no date): no days.",
 "trump-putin-alaska-2025": "Not windows: Saudi Arabia with no date and mutual visits (12 Feb): no days. The Gulf-trip days (13-16 May) are from the White House schedule announced 22 Apr 2025 (e.g. https://www.livemint.com/news/us-news/us-president-donald-trump-to-visit-saudi-arabia-qatar-and-uae-from-may-1316-11745345717033.html); the window is dated 5 May, the first mention in the data.",
 "trump-putin-budapest-2025": "Not windows: the Rubio-Lavrov preparatory meeting (a ministers' meeting, not an occasion for the leaders) and the open-ended 'in the future' (22-26 Oct, 3 Dec): no days.",
 "putin-zelenskyy-2025": "Not a window: Moscow (Putin's offer of 3 Sep, rejected 4-6 Sep): no days.",
 "trump-xi-busan-2025": "Not windows: the China visit 'in the early part of next year' (19 Sep) falls after until and is dropped; the Kuala Lumpur Bessent-He talks are not a leaders' occasion; mutual state visits (5 Jun) have no days; the G20 (Johannesburg) is named only in the note's window paragraph, not its occasions list, and no statement refers to it.",
}
