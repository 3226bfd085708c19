# Assembler's configuration for the third collection (set3: collectors a, b, c packed as set3a; collector d as set3b).
# One entry per decision with its reason. Windows come from the encoders' announcement packets (kind as the encoder
# judged it; announced = the packet's date; days = the days the packet states, widened by one day on each side for
# visit / summit / nearby by assemble_set3.py, docs/encoding.md 4.2); a `cancel` packet sets `cancelled`; period windows
# are made only where an item names a period (4.3). `map` scopes an item (by its row in the episode CSV) to a window
# announced on or before its date; `nomap` says why an item whose encoder named an occasion has no window; `repeat`
# lists announcement packets of an occasion that already has its window (no new window, and no item when lr = 1);
# `void_cancel` lists cancel packets of occasions that never had a window.
import datetime as dt
D = dt.date


def W(id, name, kind, start, end, announced, row, why, cancelled=None):
    return dict(id=id, name=name, kind=kind, start=start, end=end, announced=announced, row=row, why=why,
                cancelled=cancelled)


NEVER = "an occasion named but never announced by any packet of the episode before this item: no window, item unscoped (brief item 5)"
PASSED = "the occasion's announced days had passed; the encoder names the next, undated one: no window, item unscoped"

EPISODES = {}

# ---------------------------------------------------------------- collector a
EPISODES["xi-yoon-bali-2022"] = dict(
  windows=[
    W("yoon-se-asia-trip", "Yoon's Southeast Asia trip: ASEAN Phnom Penh from 11 Nov, G20 Bali 15-16 Nov (Xi not yet announced)", "nearby", D(2022,11,11), D(2022,11,16), D(2022,11,9), 3,
      "row 3 (ROK NSO): Yoon's trip to summits Xi had not been announced for: nearby (encoder); days as the packet states them",
      cancelled=(D(2022,11,11), "row 5: China announces Xi at the G20: kind change (g20-bali-2022 the same day)")),
    W("g20-bali-2022", "G20 Bali: Xi to attend 14-17 Nov (both scheduled)", "summit", D(2022,11,14), D(2022,11,17), D(2022,11,11), 5,
      "row 5 (PRC FM): both leaders scheduled: summit (encoder); Xi's stated days 14-17 Nov",
      cancelled=(D(2022,11,15), "row 7: the ROK office announces the Yoon-Xi summit that day and Xi said he looks forward to it: kind change (bali-summit-15nov)")),
    W("bali-summit-15nov", "Yoon-Xi summit in Bali, 15 Nov, 5 p.m. (ROK office; Xi looks forward to it)", "bilateral", D(2022,11,15), D(2022,11,15), D(2022,11,15), 7,
      "row 7: bilateral (encoder: one side announced, the other confirmed); the stated day"),
  ],
  map={4: "yoon-se-asia-trip", 6: "bali-summit-15nov"},
  nomap={}, repeat={}, void_cancel={},
)
EPISODES["yoon-xi-2023"] = dict(
  windows=[
    W("apec-sf-2023", "APEC San Francisco: Xi to travel 14-17 Nov (Yoon's attendance not in the packet)", "nearby", D(2023,11,14), D(2023,11,17), D(2023,11,10), 11,
      "row 11 (PRC FM): nearby (encoder); end clipped to until"),
  ],
  map={},
  nomap={10: NEVER + " (a Xi visit to South Korea)"},
  repeat={}, void_cancel={5: "G20 New Delhi / ASEAN Jakarta: Xi not attending (row 5); no packet had announced either occasion, so there is no window to cancel"},
)
EPISODES["xi-albanese-2023"] = dict(
  windows=[
    W("albanese-china-visit-2023", "Albanese's visit to China 'later this year' (Albanese, after meeting Li Qiang)", "visit", D(2023,9,7), D(2023,12,31), D(2023,9,7), 7,
      "row 7: visit (encoder); 'later this year' = from the statement to 31 Dec",
      cancelled=(D(2023,10,22), "row 10: narrowing to 4-7 Nov (albanese-china-visit-4-7nov the same day)")),
    W("albanese-china-visit-4-7nov", "Albanese's visit to China, Beijing and Shanghai, 4-7 Nov 2023 (PM's Office: will meet Xi)", "visit", D(2023,11,4), D(2023,11,7), D(2023,10,22), 10,
      "row 10: visit (encoder), stated days"),
  ],
  map={8: "albanese-china-visit-2023", 9: "albanese-china-visit-2023", 11: "albanese-china-visit-4-7nov", 12: "albanese-china-visit-4-7nov"},
  nomap={0: NEVER + " (a Beijing visit, no date)", 2: NEVER + " (a visit, no date)", 3: NEVER + " (a state visit, no date)", 4: NEVER + " (a visit, 'October floated')"},
  repeat={}, void_cancel={6: "G20 New Delhi / ASEAN-EAS Jakarta: Xi not attending (row 6); neither occasion had a window"},
)
EPISODES["kishida-xi-2023"] = dict(
  windows=[
    W("apec-sf-2023", "APEC San Francisco: Xi to travel 14-17 Nov (PRC FM); Kishida attending", "summit", D(2023,11,14), D(2023,11,17), D(2023,11,10), 6,
      "row 6: summit (encoder), stated days"),
  ],
  map={7: "apec-sf-2023", 8: "apec-sf-2023", 9: "apec-sf-2023", 10: "apec-sf-2023", 11: "apec-sf-2023"},
  nomap={0: NEVER + " (G20 New Delhi: no packet announced it; row 1 is its cancel)", 2: NEVER + " (G20 New Delhi, the day after Xi's absence was announced)",
         4: "APEC San Francisco was announced only on 10 Nov (row 6), after this statement", 5: "APEC San Francisco was announced only on 10 Nov (row 6), after this statement"},
  repeat={11: "row 11 (Japanese government: talks on Thursday evening at APEC): the encoder's kind is summit again, the occasion apec-sf-2023 already has its window; one side's dated talks at a summit both attend are a statement about that summit (4.3), so its item (strong for) is scoped to apec-sf-2023"},
  void_cancel={1: "G20 New Delhi / ASEAN Jakarta: Xi not travelling (row 1); no window had been announced"},
)
EPISODES["xi-ishiba-2024"] = dict(
  windows=[
    W("apec-lima-2024", "APEC Lima: Xi 13-17 Nov (PRC FM), Ishiba attending", "summit", D(2024,11,13), D(2024,11,17), D(2024,11,8), 5,
      "row 5: summit (encoder), Xi's stated days in Lima"),
    W("g20-rio-2024", "G20 Rio de Janeiro: Xi 17-21 Nov (PRC FM), Ishiba attending", "summit", D(2024,11,17), D(2024,11,21), D(2024,11,8), 5,
      "row 5: the same packet announces the G20 too (summit, encoder); Xi's stated days in Rio"),
  ],
  map={5: "apec-lima-2024", 6: "apec-lima-2024", 7: "apec-lima-2024"},
  nomap={2: "APEC Lima and G20 Rio were announced (with both attending) only on 8 Nov (row 5)", 3: "announced only on 8 Nov (row 5)", 4: "announced only on 8 Nov (row 5)"},
  repeat={}, void_cancel={},
)
EPISODES["moon-kim-2021"] = dict(
  windows=[
    W("moon-term-2021-22", "'During the president's term' (Moon's term, to 9 May 2022): a named period", "period", D(2021,8,9), D(2022,5,9), D(2021,8,9), 7,
      "row 7 names the period (4.3: a statement about a named period names a period window, hazard 1); end clipped to until"),
  ],
  map={7: "moon-term-2021-22", 14: "moon-term-2021-22"},
  nomap={2: NEVER + " (the Tokyo Olympics; row 3 is North Korea's withdrawal)"},
  repeat={}, void_cancel={3: "Tokyo Olympics: North Korea not taking part (row 3); no window had been announced"},
)
EPISODES["ishiba-kim-2025"] = dict(windows=[], map={}, nomap={}, repeat={}, void_cancel={})

# ---------------------------------------------------------------- collector b
EPISODES["trump-maduro-2019"] = dict(
  windows=[
    W("unga-2018", "UN General Assembly, New York: Maduro announces he is there (26 Sep); Trump attending", "summit", D(2018,9,26), D(2018,9,26), D(2018,9,26), 2,
      "row 2: summit (encoder); the stated day"),
  ],
  map={1: "unga-2018"},
  nomap={}, repeat={}, void_cancel={9: "UNGA 2019: Maduro will not go (row 9); no window had been announced"},
)
EPISODES["trump-rouhani-2018"] = dict(
  windows=[
    W("unga-2018", "UN General Assembly, New York: Trump chairs the Security Council, Rouhani addresses the Assembly on 25 Sep", "summit", D(2018,9,25), D(2018,9,26), D(2018,9,4), 5,
      "row 5 (Haley): summit (encoder), stated days"),
  ],
  map={6: "unga-2018", 8: "unga-2018", 9: "unga-2018"},
  nomap={},
  repeat={7: "row 7 (Rouhani's office: leaves for the UNGA on 23 Sep): the same occasion, same kind"},
  void_cancel={},
)
EPISODES["trump-modi-2025"] = dict(
  windows=[
    W("rest-of-2025", "The rest of 2025 ('this year'), named by the encoder of row 9", "period", D(2025,10,23), D(2025,12,31), D(2025,10,23), 9,
      "row 9: its encoder scopes the item to the rest of 2025 (4.3, period, hazard 1)"),
  ],
  map={9: "rest-of-2025"},
  nomap={0: NEVER + " (a Trump visit to India / the Quad summit)", 1: NEVER + " (Quad summit in India)", 2: NEVER + " (G7 Kananaskis: row 3 is its cancel)",
         4: NEVER + " (Quad summit in India)", 6: NEVER + " (Quad summit in India)", 7: NEVER + " (Quad summit in India)", 10: NEVER + " (Quad summit in India)"},
  repeat={},
  void_cancel={3: "G7 Kananaskis: Trump leaving early (row 3); no window had been announced",
               9: "ASEAN Kuala Lumpur: Modi attends virtually (row 9); no window had been announced (the row's item, moderate against, is kept, scoped by its encoder to the rest of 2025)"},
)
EPISODES["trump-putin-hamburg-2017"] = dict(
  windows=[
    W("before-g20-hamburg", "'Before the G20 summit in Hamburg' (Peskov), a named period", "period", D(2017,1,30), D(2017,7,6), D(2017,1,30), 6,
      "row 6 names the period (4.3, hazard 1)"),
    W("hamburg-7-8jul", "Trump-Putin meeting at the G20 in Hamburg, 7-8 Jul (McMaster; Peskov: 'they will meet')", "bilateral", D(2017,7,7), D(2017,7,8), D(2017,6,29), 10,
      "row 10: bilateral (encoder: both sides), stated days",
      cancelled=(D(2017,7,4), "row 11: narrowing to 7 Jul (hamburg-7jul the same day)")),
    W("hamburg-7jul", "Trump-Putin meeting in Hamburg on 7 Jul (White House)", "bilateral", D(2017,7,7), D(2017,7,7), D(2017,7,4), 11,
      "row 11: bilateral (encoder), the stated day"),
  ],
  map={6: "before-g20-hamburg"},
  nomap={2: NEVER + " (a summit 'within weeks' of the inauguration)", 3: NEVER + " (the reported Reykjavik summit)",
         9: NEVER + " (the G20 in Hamburg: both 'in favour of organising a meeting' there, but no packet announced the occasion until 29 Jun)"},
  repeat={}, void_cancel={},
)
EPISODES["trump-xi-maralago-2017"] = dict(
  windows=[
    W("mar-a-lago-6-7apr", "Xi-Trump meeting at Mar-a-Lago, 6-7 Apr 2017 (PRC FM and White House)", "bilateral", D(2017,4,6), D(2017,4,7), D(2017,3,30), 8,
      "row 8: bilateral (encoder), stated days"),
  ],
  map={},
  nomap={6: "the Mar-a-Lago summit was announced only on 30 Mar (row 8); this report (13 Mar) is before it", 7: NEVER + " (a Florida meeting 'next month')"},
  repeat={9: "row 9 (Trump's tweet and Zheng on the announced meeting, 30 Mar): the same occasion, same kind; lr 1, so no item"},
  void_cancel={},
)
EPISODES["trump-xi-buenosaires-2018"] = dict(
  windows=[
    W("g20-buenos-aires-meeting", "Trump-Xi meeting during the G20 in Buenos Aires, 30 Nov-1 Dec (Xi: 'I have agreed to meet with Trump')", "bilateral", D(2018,11,30), D(2018,12,1), D(2018,11,8), 8,
      "row 8: bilateral (encoder: the US had said meetings were being scheduled, Xi agrees), the G20's days",
      cancelled=(D(2018,11,27), "row 11: narrowing to the dinner on 1 Dec (g20-dinner-1dec the same day)")),
    W("g20-dinner-1dec", "Trump-Xi dinner after the G20, 1 Dec (White House)", "bilateral", D(2018,12,1), D(2018,12,1), D(2018,11,27), 11,
      "row 11: the agreed meeting narrowed to 1 Dec by the White House; the encoder's kind is summit (read alone, one side), but the occasion was already bilateral (row 8) and a narrowing keeps its kind (4.2); see NOTES_v3.md"),
  ],
  map={9: "g20-buenos-aires-meeting", 10: "g20-buenos-aires-meeting", 11: "g20-dinner-1dec"},
  nomap={0: NEVER + " (the November summits)", 1: NEVER + " (G20 Buenos Aires: no packet announced it before 8 Nov)", 3: NEVER + " (G20 Buenos Aires, before 8 Nov)",
         4: NEVER + " (G20 Buenos Aires, before 8 Nov)", 5: NEVER + " (G20 Buenos Aires, before 8 Nov)", 6: NEVER + " (G20 Buenos Aires, before 8 Nov)",
         7: NEVER + " (G20 Buenos Aires, before 8 Nov)"},
  repeat={9: "row 9 (Kudlow: trade will be discussed at the G20, a certainty): encoder kind summit, lower than the occasion's bilateral: not a kind change; its item (strong for) is scoped to the bilateral window"},
  void_cancel={},
)
EPISODES["trump-albanese-2025"] = dict(
  windows=[
    W("g7-kananaskis-meeting", "G7 Kananaskis: Trump-Albanese talks on the sidelines, Wednesday morning AEST (Albanese)", "summit", D(2025,6,18), D(2025,6,18), D(2025,6,15), 4,
      "row 4: summit (encoder), the stated day (18 Jun AEST = 17 Jun in Canada, inside the margins)",
      cancelled=(D(2025,6,16), "row 5: the White House says Trump leaves that night (his own side: he will not attend the rest)")),
    W("washington-20oct", "Trump-Albanese meeting in Washington, 20 Oct 2025 (White House; Albanese)", "bilateral", D(2025,10,20), D(2025,10,20), D(2025,9,23), 12,
      "row 12: bilateral (encoder), the stated day"),
  ],
  map={4: "g7-kananaskis-meeting", 6: "g7-kananaskis-meeting"},
  nomap={2: "G7 Kananaskis was announced as an occasion for the two only on 15 Jun (row 4)", 3: "G7 Kananaskis was announced only on 15 Jun (row 4)",
         7: NEVER + " (NATO summit, The Hague)", 10: NEVER + " (Albanese's US trip / UNGA)", 11: NEVER + " (UNGA New York)"},
  repeat={}, void_cancel={},
)

# ---------------------------------------------------------------- collector c
EPISODES["putin-pope-2022"] = dict(
  windows=[], map={},
  nomap={2: "'after the Pope's Canada trip (from Aug 2022)': an open-ended span with no end, neither an occasion with days nor a named period; unscoped"},
  repeat={}, void_cancel={},
)
EPISODES["putin-zelenskyy-berlin-2020"] = dict(
  windows=[
    W("normandy-summit-april-2020", "Next Normandy-format summit, probably Berlin, in about four months (April 2020) (Peskov)", "summit", D(2020,4,1), D(2020,4,30), D(2019,12,10), 0,
      "row 0: summit (encoder); 'in about four months' = April 2020 (the calendar month, as 4.2 reads 'next month')"),
  ],
  map={2: "normandy-summit-april-2020", 3: "normandy-summit-april-2020"},
  nomap={1: NEVER + " (World Holocaust Forum, Jerusalem)", 6: PASSED, 7: PASSED, 8: PASSED, 11: PASSED},
  repeat={}, void_cancel={},
)
EPISODES["macron-putin-2022"] = dict(
  windows=[
    W("macron-moscow-7feb", "Macron's visit to Moscow, Monday 7 Feb 2022 (Elysee)", "visit", D(2022,2,7), D(2022,2,7), D(2022,2,4), 4,
      "row 4: visit (encoder), the stated day"),
  ],
  map={5: "macron-moscow-7feb", 6: "macron-moscow-7feb", 7: "macron-moscow-7feb", 8: "macron-moscow-7feb"},
  nomap={1: NEVER + " (a working visit to Moscow, no date)", 2: NEVER + " (a trip to Moscow, no date)"},
  repeat={}, void_cancel={},
)
EPISODES["putin-xi-beijing-2022"] = dict(
  windows=[
    W("putin-beijing-olympics-feb-2022", "Putin's visit to Beijing for the Winter Olympics, February 2022 (Lavrov: invitation accepted)", "visit", D(2022,2,1), D(2022,2,28), D(2021,9,16), 0,
      "row 0: visit (encoder); 'February 2022' = the calendar month",
      cancelled=(D(2021,12,15), "row 4: both leaders say they will hold talks in Beijing before the opening ceremony: kind change and narrowing (beijing-talks-4feb the same day)")),
    W("beijing-talks-4feb", "Putin-Xi talks in Beijing before the Olympics opening, 4 Feb 2022 (both leaders)", "bilateral", D(2022,2,4), D(2022,2,4), D(2021,12,15), 4,
      "row 4: bilateral (encoder), the stated day"),
  ],
  map={1: "putin-beijing-olympics-feb-2022", 3: "putin-beijing-olympics-feb-2022", 5: "beijing-talks-4feb", 7: "beijing-talks-4feb", 10: "beijing-talks-4feb"},
  nomap={},
  repeat={2: "row 2 (China: Putin accepted): same occasion, same kind", 6: "row 6 (Putin's New Year message, visit on 4 Feb): encoder kind visit, lower than the bilateral already announced: not a kind change",
          7: "row 7 (Lavrov: preparing a summit): encoder kind visit, lower than the bilateral: not a kind change; its item (moderate for) is scoped to the bilateral",
          9: "row 9 (CCTV guest list, 4-6 Feb events): encoder kind visit, lower than the bilateral: not a kind change"},
  void_cancel={},
)
EPISODES["putin-modi-moscow-2024"] = dict(
  windows=[
    W("year-2024", "'Next year' / 'this year' (2024): the annual summit", "period", D(2024,1,1), D(2024,12,31), D(2023,12,27), 1,
      "rows 1 and 2 name the year 2024 (4.3, hazard 1); end clipped to until"),
    W("first-half-2024", "'The first half of this year' (Peskov)", "period", D(2024,3,21), D(2024,6,30), D(2024,3,21), 4,
      "row 4 names the period (4.3, hazard 1)"),
    W("modi-moscow-8-9jul", "Modi's visit to Moscow, 8-9 Jul 2024 (Peskov: final stages; TASS source: 8-9 Jul)", "visit", D(2024,7,8), D(2024,7,9), D(2024,7,2), 7,
      "row 7: visit (encoder), stated days"),
  ],
  map={1: "year-2024", 2: "year-2024", 4: "first-half-2024", 9: "modi-moscow-8-9jul"},
  nomap={3: NEVER + " (BRICS Kazan)", 5: NEVER + " (a Moscow visit 'early July', dates to be announced: announced with days only on 2 Jul)",
         6: "its encoder names the called-off SCO Astana (no window) and the annual summit / Moscow visit, announced only on 2 Jul (row 7): unscoped"},
  repeat={8: "row 8 (MEA: 8-9 Jul): same occasion, same kind and days"},
  void_cancel={6: "SCO Astana: Modi not attending (row 6); no window had been announced (the row's item, moderate for, is kept, unscoped)"},
)
EPISODES["pashinyan-aliyev-2025"] = dict(windows=[], map={}, nomap={}, repeat={}, void_cancel={})
EPISODES["netanyahu-erdogan-2023"] = dict(
  windows=[
    W("turkey-visit-28jul", "Netanyahu's visit to Turkey for talks with Erdogan, 28 Jul 2023 (Turkish Presidency; Israeli PMO)", "bilateral", D(2023,7,28), D(2023,7,28), D(2023,7,20), 2,
      "row 2: bilateral (encoder: both sides), the stated day",
      cancelled=(D(2023,7,23), "row 4: the Israeli PMO postpones the trip (pacemaker), no new date")),
    W("unga-2023", "UNGA New York, 19-23 Sep: the Israeli PMO says Netanyahu will meet Erdogan", "summit", D(2023,9,19), D(2023,9,23), D(2023,9,14), 5,
      "row 5: summit (encoder), the high-level week's stated days"),
  ],
  map={5: "unga-2023", 6: "unga-2023", 7: "unga-2023"},
  nomap={0: NEVER + " (an Ankara visit in July: announced only on 20 Jul)"},
  repeat={}, void_cancel={},
)

# ---------------------------------------------------------------- collector d (set3b)
EPISODES["kim-pope-2018"] = dict(
  windows=[
    W("year-2019", "'2019' (a Vatican source on a visit next year)", "period", D(2019,1,1), D(2019,12,31), D(2018,12,8), 10,
      "rows 10 and 11 name the year 2019 (4.3, hazard 1); end clipped to until"),
    W("pope-thailand-japan-nov-2019", "Pope's trip to Thailand and Japan, 20-26 Nov 2019 (no Korean leg)", "nearby", D(2019,11,20), D(2019,11,26), D(2019,9,13), 12,
      "row 12: nearby (encoder); it lies after until (2019-10-08), so the window is not made"),
  ],
  map={10: "year-2019", 11: "year-2019"},
  nomap={6: NEVER + " (the Pope's Japan trip 2019: announced with days only on 13 Sep 2019, row 12)"},
  repeat={}, void_cancel={},
)
EPISODES["trump-xi-chile-2019"] = dict(
  windows=[
    W("apec-chile-2019", "APEC Santiago, 16-17 Nov 2019: Trump says he and Xi will both be there", "summit", D(2019,11,16), D(2019,11,17), D(2019,10,11), 1,
      "row 1: summit (encoder); the packet says 'next month'; the summit's own days (16-17 Nov, public on 11 Oct) as row 7 states them",
      cancelled=(D(2019,10,30), "row 7: Chile calls APEC off")),
  ],
  map={0: "apec-chile-2019", 3: "apec-chile-2019", 4: "apec-chile-2019", 5: "apec-chile-2019", 6: "apec-chile-2019"},
  nomap={}, repeat={}, void_cancel={},
)
EPISODES["lula-zelenskyy-2023"] = dict(
  windows=[
    W("g7-hiroshima", "G7 Hiroshima, 19-21 May: Zelenskyy to attend in person, Lula an invited guest", "summit", D(2023,5,19), D(2023,5,21), D(2023,5,19), 4,
      "row 4: summit (encoder), stated days",
      cancelled=(D(2023,5,21), "row 7: the Hiroshima bilateral will not happen (Brazilian government; Zelenskyy)")),
    W("unga-2023-meeting", "UNGA New York: Lula's spokesperson says the two meet on 20 Sep", "summit", D(2023,9,20), D(2023,9,20), D(2023,9,18), 11,
      "row 11: summit (encoder), the stated day",
      cancelled=(D(2023,9,19), "row 12: Planalto confirms and Zelenskyy confirmed his participation: kind change (ny-bilateral-20sep the same day)")),
    W("ny-bilateral-20sep", "Lula-Zelenskyy bilateral in New York, 20 Sep (Planalto; confirmed by Zelenskyy)", "bilateral", D(2023,9,20), D(2023,9,20), D(2023,9,19), 12,
      "row 12: bilateral (encoder), the stated day"),
  ],
  map={5: "g7-hiroshima", 6: "g7-hiroshima", 8: "g7-hiroshima", 11: "unga-2023-meeting"},
  nomap={}, repeat={}, void_cancel={},
)
EPISODES["mbs-raisi-2023"] = dict(
  windows=[
    W("oic-riyadh-12nov", "OIC summit in Riyadh, Sunday 12 Nov: Raisi to attend (AFP source)", "nearby", D(2023,11,12), D(2023,11,12), D(2023,11,6), 10,
      "row 10: nearby (encoder), the stated day",
      cancelled=(D(2023,11,10), "row 12: Saudi Arabia moves the summit to Saturday 11 Nov (joint Arab-Islamic summit): new days (arab-islamic-summit-11nov the same day)")),
    W("arab-islamic-summit-11nov", "Joint Arab-Islamic summit in Riyadh, Saturday 11 Nov (Saudi Arabia)", "nearby", D(2023,11,11), D(2023,11,11), D(2023,11,10), 12,
      "row 12: nearby (encoder), the stated day"),
  ],
  map={11: "oic-riyadh-12nov"},
  nomap={}, repeat={}, void_cancel={},
)
EPISODES["erdogan-sisi-2023"] = dict(
  windows=[
    W("sisi-turkey-visit-after-eid", "Sisi's official visit to Turkey 'shortly after Eid al-Adha' (28 Jun) (Turkish charge d'affaires)", "visit", D(2023,6,28), D(2023,7,27), D(2023,6,16), 11,
      "row 11: visit (encoder); 'shortly after Eid al-Adha, which starts on 28 June' read as 'the coming weeks' (4.2: 30 days) from 28 Jun"),
  ],
  map={}, nomap={}, repeat={}, void_cancel={},
)
EPISODES["modi-yunus-2025"] = dict(
  windows=[
    W("bimstec-nov-2024", "BIMSTEC summit in Thailand, tentatively next month (November 2024) (Bangladesh)", "nearby", D(2024,11,1), D(2024,11,30), D(2024,10,1), 4,
      "row 4: nearby (encoder); 'next month' = November 2024"),
    W("bimstec-bangkok-2025", "Sixth BIMSTEC summit, Bangkok, 2-4 Apr 2025: both expected", "summit", D(2025,4,2), D(2025,4,4), D(2025,3,20), 6,
      "row 6: summit (encoder), stated days"),
  ],
  map={4: "bimstec-nov-2024", 5: "bimstec-bangkok-2025", 7: "bimstec-bangkok-2025", 8: "bimstec-bangkok-2025", 9: "bimstec-bangkok-2025",
       10: "bimstec-bangkok-2025", 12: "bimstec-bangkok-2025", 13: "bimstec-bangkok-2025", 14: "bimstec-bangkok-2025"},
  nomap={0: NEVER + " (UNGA New York: row 3 is its cancel)", 1: NEVER + " (UNGA New York)", 2: NEVER + " (UNGA New York)"},
  repeat={12: "row 12 (Dhaka officials: bilateral on 4 Apr): same occasion, same kind; its item (strong for) is scoped to the summit",
          14: "row 14 (Dhaka: talks today): same occasion, same kind; its item (strong for) is scoped to the summit"},
  void_cancel={3: "UNGA 2024: no meeting there (row 3); no window had been announced"},
)
EPISODES["trump-ramaphosa-2025"] = dict(
  windows=[
    W("g20-johannesburg-2025", "G20 Johannesburg, late November 2025 (South African presidency)", "nearby", D(2025,11,20), D(2025,11,30), D(2024,12,3), 2,
      "row 2: nearby (encoder); it lies after until (2025-11-08), so the window is not made"),
    W("ramaphosa-washington-next-week", "Ramaphosa's visit to Washington 'next week' (Trump)", "visit", D(2025,5,19), D(2025,5,25), D(2025,5,12), 9,
      "row 9: visit (encoder); 'next week' = the week of 19 May",
      cancelled=(D(2025,5,14), "row 11: South Africa announces 19-22 May with the meeting on 21 May: kind change and narrowing (white-house-21may the same day)")),
    W("white-house-21may", "Ramaphosa meets Trump at the White House, 21 May 2025 (South African presidency)", "bilateral", D(2025,5,21), D(2025,5,21), D(2025,5,14), 11,
      "row 11: bilateral (encoder), the stated day"),
  ],
  map={10: "ramaphosa-washington-next-week", 12: "white-house-21may"},
  nomap={0: "G20 Johannesburg (late Nov 2025) lies after until: no window", 1: "G20 Johannesburg (late Nov 2025) lies after until: no window"},
  repeat={}, void_cancel={},
)
EPISODES["xi-putin-2024"] = dict(
  windows=[
    W("putin-china-may-2024", "Putin's visit to China in May 2024 (Putin)", "visit", D(2024,5,1), D(2024,5,31), D(2024,4,25), 4,
      "row 4: visit (encoder); 'in May' = the calendar month",
      cancelled=(D(2024,5,14), "rows 7-8: Kremlin and PRC FM announce 16-17 May: narrowing and kind change (state-visit-16-17may the same day)")),
    W("state-visit-16-17may", "Putin's state visit to China, 16-17 May 2024 (Kremlin and PRC FM)", "bilateral", D(2024,5,16), D(2024,5,17), D(2024,5,14), 8,
      "row 8 (PRC FM, the same day as the Kremlin's row 7): bilateral (encoder: both sides), stated days"),
  ],
  map={6: "putin-china-may-2024"},
  nomap={0: NEVER + " (a state visit in May, reported by anonymous sources)", 2: NEVER + " (a state visit 'later this year')"},
  repeat={7: "row 7 (Kremlin: state visit 16-17 May): encoder kind visit; the same day China's announcement (row 8) makes it bilateral; one window (state-visit-16-17may) for both"},
  void_cancel={},
)
EPISODES["trump-kim-2025"] = dict(
  windows=[
    W("year-2025", "'This year' (2025) (Trump, 25 Aug)", "period", D(2025,8,25), D(2025,12,31), D(2025,8,25), 3,
      "row 3 names the period (4.3, hazard 1)"),
    W("trump-korea-visit-oct-2025", "Trump's visit to South Korea (Busan/Gyeongju, APEC), from 29 Oct to 1 Nov (senior US official)", "nearby", D(2025,10,29), D(2025,11,1), D(2025,10,24), 7,
      "row 7: nearby (encoder), stated days"),
  ],
  map={3: "year-2025", 8: "trump-korea-visit-oct-2025", 9: "trump-korea-visit-oct-2025", 10: "trump-korea-visit-oct-2025", 11: "trump-korea-visit-oct-2025",
       12: "trump-korea-visit-oct-2025", 13: "trump-korea-visit-oct-2025"},
  nomap={5: "Trump's South Korea visit was announced by a packet only on 24 Oct (row 7)", 6: "Trump's South Korea visit was announced by a packet only on 24 Oct (row 7)",
         14: "'next year (2026), after the March drills': a period that lies after until (2026-01-22): no window; unscoped (its encoder gave a 180-day half-life)"},
  repeat={}, void_cancel={},
)

# Episodes gathered but not assembled (packets logged in encoding_log_v3.csv as not used).
NOT_ASSEMBLED = {
  "trump-xi-2020": "in collector-b's folder and packed in set3a, but not in collector-b's index.csv; it also overlaps in time the same pair's trump-xi-chile-2019 (collector-d: 11 Oct 2019 to 8 Oct 2020), both 'no': the same absence of a meeting would be counted twice",
  "putin-zelenskyy-donbas-2021": "dropped by the brief (overlaps a reserved episode); removed from collector-c's index before packing",
}

# Encoder names (the batch files do not name their sessions): set3a batches 1-3 and set3b batch 1.
ENCODERS = {("set3a", 1): "encoder-6", ("set3a", 2): "encoder-7", ("set3a", 3): "encoder-8", ("set3b", 1): "encoder-9"}
