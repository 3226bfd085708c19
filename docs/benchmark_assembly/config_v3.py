# Assembler's configuration for rubric v3 and rule-set horizons (issue 20), one line per decision with its reason.
# The 27 events of set1/set2 are rewritten from their v2 files at commit V2_COMMIT (every encoder value unchanged);
# docs/encoding.md section 4 (v3: 4.1 kinds, 4.2 announcements / kind changes / cancellations) and section 8 (priors,
# horizons). NOTES_v3.md explains each rule; assemble_v3.py applies this file.
import datetime as dt
D = dt.date

V2_COMMIT = "a629577"

# Horizon: until = opens + 364 days, or the end of a leader's term of office if earlier. Only term ends that were
# scheduled and public on the event's opens day are used (a horizon set by rule, never by what happened later); the
# unscheduled ends of office inside a horizon (Assad 8 Dec 2024, Maduro 3 Jan 2026) are not used: see NOTES_v3.md.
# No scheduled term end falls inside any horizon (checked by hand for every event: NOTES_v3.md section 2).
TERM_END = {}

# ---- Kinds of the v2 windows (docs/encoding.md 4.1, judged on each window's announced day) ----------------------
# (event, v2 window) -> (kind, reason). Abbreviations in reasons: "one side, outside a summit" = a meeting of the two
# announced by one side only for stated days, in a third country: the v3 table has no row for it; `visit` (the
# row below `bilateral`: a trip organised around a meeting, announced by one side for stated days) is used, never
# `bilateral` (which needs both sides).
KIND = {
 ("biden-kim-2025", "biden-seoul-visit-may-2022"): ("nearby", "v2 20: Biden's trip to South Korea, a neighbour of the North"),
 ("biden-mbs-2022", "saudi-visit-june-2022"): ("nearby", "v2 20: a visit to MBS's country reported by anonymous sources, announced by neither side: not a `visit` (needs the host or visitor to announce it); like a summit one leader is only rumoured for (4.2), nearby"),
 ("biden-mbs-2022", "saudi-visit-july-2022"): ("nearby", "v2 20: the same reported visit, postponed to July (NBC), still announced by neither side"),
 ("biden-mbs-2022", "jeddah-15-16jul"): ("bilateral", "v2 1000: White House and Royal Court announce the visit for 15-16 Jul and that he will meet the Crown Prince: both sides, stated days"),
 ("biden-xi-bali-2022", "g20-bali-invitation"): ("nearby", "v2 20: G20 Bali, Biden expected, Xi only invited (4.2: a summit one leader may skip is nearby until both are scheduled)"),
 ("biden-xi-bali-2022", "g20-bali"): ("summit", "v2 100: the host says Xi will come: both scheduled"),
 ("biden-xi-bali-2022", "november-asian-summits"): ("period", "v2 1: a named period (November 2022)"),
 ("biden-xi-bali-2022", "bali-meeting-14nov-both"): ("bilateral", "v2 1000: China confirms the 14 Nov meeting the White House announced: both sides, stated day"),
 ("biden-xi-woodside-2023", "g20-new-delhi"): ("nearby", "v2 20: Biden to attend, Xi not announced"),
 ("biden-xi-woodside-2023", "apec-san-francisco"): ("nearby", "v2 20: APEC in Biden's country, Xi's attendance not announced (4.2: nearby until both are scheduled)"),
 ("biden-xi-woodside-2023", "apec-san-francisco-agreed"): ("summit", "v2 100: both sides say they will work toward a meeting in San Francisco in November: both expected at APEC"),
 ("biden-xi-woodside-2023", "sf-meeting-15nov-both"): ("bilateral", "v2 1000: China confirms the 15 Nov meeting: both sides, stated day"),
 ("kim-lee-2025", "apec-gyeongju"): ("nearby", "v2 20: APEC in Lee's country, North Korea not invited"),
 ("kim-putin-vladivostok-2019", "this-year-2018"): ("period", "v2 1: 'this year' (2018)"),
 ("kim-putin-vladivostok-2019", "eef-2018"): ("nearby", "v2 20: Putin at the EEF next to North Korea, Kim only invited"),
 ("kim-putin-vladivostok-2019", "putin-far-east-trip-april-2019"): ("nearby", "v2 20: Putin's Far East trip with a summit 'being prepared', no visit announced"),
 ("kim-putin-vladivostok-2019", "kim-russia-visit-late-april-2019"): ("visit", "v2 100: the Kremlin announces Kim's visit to Russia in the second half of April"),
 ("kim-putin-vladivostok-2019", "vladivostok-summit-25apr"): ("bilateral", "v2 1000: KCNA announces the visit and the Kremlin gives the day: both sides"),
 ("kim-putin-vostochny-2023", "eef-2023"): ("nearby", "v2 20: a Kim trip to the EEF reported by third-party officials, announced by neither side"),
 ("kim-putin-vostochny-2023", "kim-official-visit-coming-days"): ("visit", "v2 100: Kremlin and KCNA announce Kim's official visit in the coming days"),
 ("kim-xi-beijing-2025", "victory-day-parade"): ("nearby", "v2 20: an event in Xi's capital with foreign leaders invited, Kim not named"),
 ("kim-xi-beijing-2025", "kim-visit-parade"): ("visit", "v2 100: China and KCNA announce Kim's visit for the commemorations"),
 ("modi-sharif-2025", "sco-tianjin"): ("summit", "v2 100: both leaders to attend the SCO summit (China, 8 Aug)"),
 ("putin-kim-pyongyang-2024", "putin-visit-coming-weeks-june-2024"): ("visit", "v2 100: Putin's visit to North Korea in the coming weeks, the ambassador preparing it"),
 ("putin-kim-pyongyang-2024", "putin-state-visit-18-19-jun"): ("visit", "v2 100: the Kremlin announces the state visit's days (no North Korean announcement among the rows: a visit, not a bilateral)"),
 ("putin-zelenskyy-2025", "istanbul-15may"): ("nearby", "v2 20: Zelenskyy to Turkey for talks Putin proposed at delegation level; Putin's attendance not announced"),
 ("putin-zelenskyy-2025", "summit-before-end-august"): ("period", "v2 1: 'before the end of August'"),
 ("putin-zelenskyy-2025", "within-two-weeks-aug"): ("period", "v2 1: 'within two weeks' (Merz), a named period; no side announced a meeting"),
 ("putin-zelenskyy-paris-2019", "normandy-paris-9dec"): ("summit", "v2 100: the Normandy Four summit, both scheduled"),
 ("trump-kim-2020", "before-us-election-2020"): ("period", "v2 1: 'before the US election'"),
 ("trump-kim-dmz-2019", "trump-korea-visit-jun-2019"): ("nearby", "v2 20: Trump's trip to South Korea, a neighbour of the North"),
 ("trump-kim-hanoi-2019", "unga-2018"): ("nearby", "v2 20: UNGA in Trump's country, Kim not expected"),
 ("trump-kim-hanoi-2019", "january-february-2019"): ("period", "v2 1: 'January or February'"),
 ("trump-kim-hanoi-2019", "late-february-2019"): ("period", "v2 1: the White House announces a summit 'near the end of February', no day or place: one side, no stated days; kept a period"),
 ("trump-kim-hanoi-2019", "vietnam-summit-27-28feb"): ("visit", "v2 100: Trump announces 27-28 Feb in Vietnam (State of the Union); no North Korean announcement among the rows: one side, outside a summit"),
 ("trump-kim-singapore-2018", "by-may-2018"): ("period", "v2 1: 'by May'"),
 ("trump-kim-singapore-2018", "singapore-12jun"): ("visit", "v2 100: Trump's tweet gives day and place; no North Korean announcement among the rows: one side, outside a summit"),
 ("trump-putin-alaska-2025", "gulf-trip-istanbul-may-2025"): ("nearby", "v2 20: Trump's Gulf trip, Saudi Arabia floated as a venue, Putin not announced"),
 ("trump-putin-alaska-2025", "coming-days-aug-2025"): ("period", "v2 1: Ushakov, 'in the coming days', no day or place: one side, a period"),
 ("trump-putin-alaska-2025", "alaska-15aug"): ("visit", "v2 100: Trump announces Putin's visit to Alaska (the host announcing the visitor's trip to his country, stated day)"),
 ("trump-putin-alaska-2025", "alaska-15aug-both"): ("bilateral", "v2 1000: Ushakov confirms: both sides, stated day"),
 ("trump-putin-budapest-2025", "budapest-two-weeks"): ("bilateral", "v2 100 (no days): Trump announces a Budapest meeting 'probably over the next two weeks' and the Kremlin confirms it is being prepared: both sides; 4.2 reads 'within two weeks' as days, so the v3 table's bilateral row applies"),
 ("trump-putin-helsinki-2018", "third-country-after-nato"): ("bilateral", "v2 100 (no days): Bolton and the Kremlin announce an agreed summit in a third country after the NATO summit: both sides; days by the v2 reading (13-31 Jul), as for Budapest"),
 ("trump-putin-helsinki-2018", "helsinki-16jul"): ("bilateral", "v2 1000: joint announcement of Helsinki, 16 Jul"),
 ("trump-rouhani-2019", "coming-weeks-aug-2019"): ("period", "v2 1: 'in coming weeks'"),
 ("trump-rouhani-2019", "unga-2019"): ("summit", "v2 100: both leaders' UNGA attendance known"),
 ("trump-xi-busan-2025", "apec-korea"): ("summit", "v2 100: Trump says he and Xi agreed to meet at APEC (their side saying both attend)"),
 ("trump-xi-busan-2025", "busan-30oct-both"): ("bilateral", "v2 1000: China confirms the bilateral the White House announced: both sides, stated day"),
 ("xi-modi-kazan-2024", "sco-astana"): ("nearby", "v2 20: SCO Astana, Xi attends, Modi not attending"),
 ("xi-modi-kazan-2024", "brics-kazan"): ("summit", "v2 100: both leaders' attendance announced"),
}

# ---- v2 windows that are not windows in v3 (their items move to the occasion they were about) --------------------
# A dated bilateral announced by ONE side at a summit both already attend does not change the occasion's kind (a
# bilateral needs both sides, 4.1); it is a statement about a meeting during the summit (4.3: "a bilateral is being
# prepared for the summit"), carried by the encoder's item, now scoped to the summit window.
MERGE = {
 ("biden-xi-bali-2022", "bali-meeting-14nov"): ("g20-bali", "White House alone announces 14 Nov (China confirms next day): one side at a summit both attend"),
 ("biden-xi-woodside-2023", "sf-meeting-15nov"): ("apec-san-francisco-agreed", "White House alone confirms 15 Nov: one side at a summit both attend"),
 ("putin-zelenskyy-paris-2019", "paris-bilateral-9dec"): ("normandy-paris-9dec", "Zelenskyy alone confirms a bilateral at the Normandy summit: one side at a summit both attend"),
 ("trump-xi-busan-2025", "busan-30oct"): ("apec-korea", "White House alone announces the Thursday bilateral: one side at a summit both attend"),
 ("xi-modi-kazan-2024", "kazan-bilateral-23oct"): ("brics-kazan", "India alone confirms the bilateral: one side at a summit both attend"),
 ("trump-kim-dmz-2019", "dmz-offer-30jun"): ("trump-korea-visit-jun-2019", "Trump's tweeted offer to shake hands at the DMZ, which Pyongyang called 'a very interesting suggestion' with no proposal received: an offer, not a meeting either side announced; the trip stays nearby and the offer's items move its chance (4.3)"),
}

# ---- cancellations: (event, window) -> (day, reason) -------------------------------------------------------------
# 4.2: a kind change, narrowing or postponement = the old window cancelled and a new one announced the same day;
# a leader's own side saying he will not attend = the occasion cancelled that day.
CANCEL = {
 ("biden-mbs-2022", "saudi-visit-june-2022"): (D(2022, 6, 3), "postponement: NBC reports the visit moved to July (new window saudi-visit-july-2022 the same day)"),
 ("biden-mbs-2022", "saudi-visit-july-2022"): (D(2022, 6, 14), "kind change and narrowing: both governments announce 15-16 Jul and the meeting (jeddah-15-16jul the same day)"),
 ("biden-xi-bali-2022", "g20-bali-invitation"): (D(2022, 8, 18), "kind change: the host says Xi will come (g20-bali, summit, the same day)"),
 ("biden-xi-bali-2022", "g20-bali"): (D(2022, 11, 11), "kind change: China confirms the 14 Nov bilateral (bali-meeting-14nov-both the same day)"),
 ("biden-xi-woodside-2023", "g20-new-delhi"): (D(2023, 9, 4), "Xi's own side (China's foreign ministry): Li Qiang leads the delegation, Xi will not attend"),
 ("biden-xi-woodside-2023", "apec-san-francisco"): (D(2023, 10, 27), "kind change: both sides to work toward a meeting in San Francisco (apec-san-francisco-agreed the same day)"),
 ("biden-xi-woodside-2023", "apec-san-francisco-agreed"): (D(2023, 11, 11), "kind change: China confirms the 15 Nov bilateral (sf-meeting-15nov-both the same day)"),
 ("kim-putin-vladivostok-2019", "putin-far-east-trip-april-2019"): (D(2019, 4, 18), "kind change: the Kremlin announces Kim's visit to Russia (kim-russia-visit-late-april-2019 the same day)"),
 ("kim-putin-vladivostok-2019", "kim-russia-visit-late-april-2019"): (D(2019, 4, 23), "kind change and narrowing: both sides give 25 Apr (vladivostok-summit-25apr the same day)"),
 ("kim-putin-vostochny-2023", "eef-2023"): (D(2023, 9, 11), "kind change: both sides announce Kim's official visit (kim-official-visit-coming-days the same day)"),
 ("kim-xi-beijing-2025", "victory-day-parade"): (D(2025, 8, 28), "kind change: both sides announce Kim's visit (kim-visit-parade the same day)"),
 ("putin-kim-pyongyang-2024", "putin-visit-coming-weeks-june-2024"): (D(2024, 6, 17), "narrowing: the Kremlin gives 18-19 Jun (putin-state-visit-18-19-jun the same day)"),
 ("putin-zelenskyy-2025", "istanbul-15may"): (D(2025, 5, 15), "Putin's own side (Peskov, the delegation list): Putin will not travel to Istanbul"),
 ("trump-kim-singapore-2018", "singapore-12jun"): (D(2018, 5, 24), "Trump's own letter calls the summit off"),
 ("trump-putin-alaska-2025", "gulf-trip-istanbul-may-2025"): (D(2025, 5, 15), "Putin's own side (Peskov): no meeting planned and Putin not scheduled to travel to Turkey"),
 ("trump-putin-alaska-2025", "alaska-15aug"): (D(2025, 8, 9), "kind change: Ushakov confirms (alaska-15aug-both the same day)"),
 ("trump-putin-budapest-2025", "budapest-two-weeks"): (D(2025, 10, 22), "Trump's own words: 'I canceled my meeting with Putin'. (The unnamed White House official of 21 Oct, 'no plans ... in the immediate future', is an item: a statement about the plan, relayed anonymously.)"),
 ("trump-putin-helsinki-2018", "third-country-after-nato"): (D(2018, 6, 28), "narrowing: the joint announcement gives Helsinki, 16 Jul (helsinki-16jul the same day)"),
 ("trump-xi-busan-2025", "apec-korea"): (D(2025, 10, 29), "kind change: China confirms the 30 Oct bilateral (busan-30oct-both the same day)"),
 ("xi-modi-kazan-2024", "sco-astana"): (D(2024, 6, 28), "Modi's own side (MEA spokesman): Jaishankar leads the delegation; public on the window's announced day"),
}

# ---- new windows (not in v2) -------------------------------------------------------------------------------------
NEW_WINDOWS = {
 "trump-kim-singapore-2018": [
  dict(id="singapore-12jun-reinstated", name="Singapore summit, 12 Jun 2018, back on after the cancellation (Trump: 'June 12 in Singapore... hasn't changed'; White House team to Singapore; North Korea: Kim 'fixed' on the summit)",
       kind="visit", start=D(2018, 6, 11), end=D(2018, 6, 13), announced=D(2018, 5, 26),
       why="4.2 postponement/revival: the cancelled occasion announced again on 26 May (row 13: the date stands, preparations sent, the North committed); one side's dated announcement outside a summit, as the original (visit). Days as the v2 window (12 Jun with one day's margin each side)."),
 ],
}

# ---- items: removed (commented out), re-scoped ---------------------------------------------------------------------
REMOVE = {
 ("biden-xi-woodside-2023", "white-house-biden-to-g20-delhi"): "announcement-only placeholder (lr 1): the nearby window g20-new-delhi carries it (4.2)",
 ("modi-sharif-2025", "sco-tianjin-modi-to-attend"): "announcement-only placeholder (lr 1): the summit window sco-tianjin carries it (4.2)",
 ("xi-modi-kazan-2024", "brics-kazan-both-attend"): "announcement-only placeholder (lr 1): the summit window brics-kazan carries it (4.2)",
 ("biden-xi-woodside-2023", "china-li-qiang-leads-g20"): "a leader's own side saying he will not attend: the window g20-new-delhi is cancelled that day (4.2: no item for the announcement itself)",
 ("xi-modi-kazan-2024", "jaiswal-modi-skips-sco"): "a leader's own side saying he will not attend: the window sco-astana is cancelled that day (4.2)",
 ("putin-zelenskyy-2025", "peskov-putin-not-travelling"): "a leader's own side saying he will not attend: the window istanbul-15may is cancelled that day (4.2)",
 ("trump-putin-alaska-2025", "peskov-no-plans-turkey"): "a leader's own side saying he will not attend: the window gulf-trip-istanbul-may-2025 is cancelled that day (4.2)",
 ("trump-putin-budapest-2025", "trump-cancelled-meeting"): "a leader's own side calling the occasion off: budapest-two-weeks is cancelled that day (4.2)",
 ("trump-kim-singapore-2018", "trump-cancellation-letter"): "a leader's own side calling the occasion off: singapore-12jun is cancelled that day (4.2)",
}
# item -> new window (None = unscoped), for items whose v2 window is merged or cancelled before the item's date
RESCOPE = {
 ("biden-mbs-2022", "biden-no-direct-plans"): ("saudi-visit-july-2022", "3 Jun, 'not sure when I'm going': v2 put it on the June window (the postponement came that evening); v3 cancels the June window that day, so the remark goes to the trip as it stood at the end of that day (July), not to a window that is void from its own date"),
 ("trump-kim-singapore-2018", "trump-could-even-be-12th"): (None, "25 May: after the 24 May cancellation, before the summit was announced again (26 May): no window was open for it; unscoped (as v2 did for statements before their occasion's window)"),
 ("trump-kim-singapore-2018", "trump-june-12-hasnt-changed"): ("singapore-12jun-reinstated", "the statement that announces the reinstated window"),
 ("trump-kim-singapore-2018", "trump-meeting-on-june-12"): ("singapore-12jun-reinstated", "about the reinstated summit"),
}

# ---- questions on "no" outcomes: what the episode's data cover (NOTES_v3.md section 3) -----------------------------
COVERAGE = {
 # event: (last day the gathered statements and OUTCOME sources cover, comment[, "ended": a leader's rule ended that day,
 # so a later deadline is not in doubt])
 "erdogan-assad-2024": (D(2024, 12, 8), "Assad's rule ended on 8 Dec 2024 (he fled to Moscow): no meeting of the two as leaders was possible after it", "ended"),
 "kim-kishida-2024": (D(2024, 10, 1), "the OUTCOME row covers the whole new horizon (no meeting before Kishida left office, 1 Oct 2024)"),
 "trump-kim-2020": (D(2021, 1, 20), "three first-term meetings only (Singapore, Hanoi, Panmunjom): none in 2020"),
 "trump-putin-budapest-2025": (D(2026, 1, 17), "OUTCOME sources of mid-January 2026: Alaska still their last meeting"),
 "putin-zelenskyy-2025": (D(2026, 1, 25), "OUTCOME sources of late January 2026: Paris 2019 still their only meeting"),
 "trump-maduro-2025": (D(2026, 1, 3), "Maduro was captured by US forces on 3 Jan 2026 and flown to New York for trial: no meeting of the two as leaders was possible after it", "ended"),
 "kim-yoon-2024": (D(2025, 4, 4), "no contact of any kind to Yoon's removal (4 Apr 2025)"),
 "kim-lee-2025": (D(2026, 1, 15), "Lee's New Year address and mid-January 2026: North Korea refusing all engagement"),
 "biden-kim-2025": (D(2025, 1, 20), "no meeting in Biden's term"),
 "xi-zelenskyy-2024": (D(2025, 4, 17), "April 2025: still only the one phone call of April 2023"),
 "modi-sharif-2025": (D(2025, 12, 31), "no bilateral in 2025 (Lok Sabha reply, SCO Tianjin without contact)"),
 "trump-rouhani-2019": (D(2021, 8, 3), "Rouhani's memoir (2022): they never met; he left office in Aug 2021"),
}
