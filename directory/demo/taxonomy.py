"""The demo site's vocabularies: help topics, formats, access facilities, languages, audiences.

These are content, not code: a council edits them in the admin. The demo loads them so the
Stockport site has the words residents actually type (the synonyms) from the start.
"""

# slug, name, description, synonyms (the words residents type)
HELP_TOPICS = [
    (
        "getting-started",
        "Getting started with a device",
        "Switching on, using a mouse, keyboard or touchscreen, and finding your way around.",
        "basics, beginner, new to computers, switch on, turn on, mouse, keyboard, touchscreen, "
        "laptop, computer, pc",
    ),
    (
        "wifi-and-internet",
        "Getting online and using wifi",
        "Connecting to wifi, using a web browser and searching the internet.",
        "wifi, wi-fi, wireless, internet, broadband, connect, router, hotspot, browser, google, search",
    ),
    (
        "email",
        "Email",
        "Setting up an email account, sending and reading emails, and adding attachments.",
        "e-mail, emails, gmail, outlook, hotmail, yahoo, inbox, attachment",
    ),
    (
        "video-calls",
        "Video calls",
        "Seeing and talking to family and friends on a video call.",
        "zoom, facetime, skype, teams, whatsapp video, video chat, call family, grandchildren",
    ),
    (
        "nhs-app",
        "NHS App and health online",
        "Using the NHS App to order prescriptions, book GP appointments and see your records.",
        "nhs, gp, doctor, doctors, prescription, prescriptions, appointment, appointments, health, "
        "patient access, nhs login, surgery",
    ),
    (
        "universal-credit",
        "Universal Credit and benefits",
        "Making a claim, using your online journal and keeping your account up to date.",
        "uc, benefits, benefit, dwp, journal, pip, pension credit, housing benefit, claim, jobcentre",
    ),
    (
        "online-banking",
        "Online banking and paying bills",
        "Using a banking app, checking your balance and paying bills safely.",
        "bank, banking, banking app, bills, pay bills, money, payments, direct debit, credit union",
    ),
    (
        "online-shopping",
        "Shopping online",
        "Buying things and ordering food deliveries online, and paying safely.",
        "shopping, amazon, ebay, supermarket, groceries, food delivery, buy online, click and collect",
    ),
    (
        "staying-safe",
        "Staying safe online",
        "Spotting scams, making strong passwords and keeping your details private.",
        "scam, scams, fraud, phishing, password, passwords, security, virus, hacked, cyber, privacy",
    ),
    (
        "job-search",
        "Finding a job and writing a CV",
        "Searching and applying for jobs online, writing a CV and getting ready for interviews.",
        "cv, cvs, job, jobs, job search, apply for jobs, application form, employment, interview, "
        "indeed, find a job",
    ),
    (
        "work-skills",
        "Computer skills for work",
        "Word processing, spreadsheets, typing and online tools used at work.",
        "microsoft word, word processing, word documents, writing documents, excel, spreadsheet, "
        "spreadsheets, office skills, typing, google docs, microsoft office, teams for work",
    ),
    (
        "council-services",
        "Council services online",
        "Paying council tax, reporting problems, bin collections, housing and library services online.",
        "council, council tax, bins, bin collection, housing, rent, blue badge, library card, "
        "report a problem, parking permit",
    ),
    (
        "government-services",
        "Government services online",
        "Using GOV.UK for passports, driving licences, tax and other government services.",
        "gov.uk, government, government gateway, passport, driving licence, dvla, hmrc, tax, "
        "state pension, voter registration",
    ),
    (
        "free-devices-data",
        "Free devices and data",
        "Getting a free or low-cost tablet, laptop, SIM card or mobile data.",
        "free tablet, free laptop, free phone, free sim, sim card, mobile data, data, national databank, "
        "device loan, borrow a laptop, refurbished, donated",
    ),
    (
        "smartphone",
        "Using a smartphone or tablet",
        "Getting to know your phone or tablet, downloading apps and changing settings.",
        "phone, mobile, mobile phone, smart phone, iphone, android, ipad, tablet, apps, app, "
        "app store, play store, text messages",
    ),
    (
        "social-media-photos",
        "Photos, messages and social media",
        "Taking and sharing photos, WhatsApp messages, Facebook and keeping in touch.",
        "facebook, whatsapp, photos, pictures, camera, messages, instagram, social media, messenger",
    ),
    (
        "accessibility-tools",
        "Making devices easier to use",
        "Bigger text, magnifiers, screen readers, voice control and other accessibility settings.",
        "accessibility, screen reader, magnifier, larger text, bigger text, voice control, "
        "sight loss, blind, partially sighted, visually impaired, low vision, hearing loss, deaf, "
        "hard of hearing, dyslexia, alexa",
    ),
]

# slug, name, description
FORMATS = [
    ("drop-in", "Drop-in session", "Come along during the session without booking."),
    ("one-to-one", "One-to-one help", "Help on your own with a volunteer or member of staff."),
    ("group-course", "Group course", "A course with a small group, usually over several weeks."),
    ("phone", "Help by phone", "Someone talks you through it on the phone."),
    ("online", "Online help", "Help over a video call or online course."),
    ("home-visit", "Home visits", "A volunteer comes to your home."),
]

ACCESS_FACILITIES = [
    ("step-free", "Step-free access", "You can get in and around without using steps."),
    ("accessible-toilet", "Accessible toilet", "A toilet that wheelchair users can use."),
    ("hearing-loop", "Hearing loop", "A hearing loop for people who use hearing aids."),
    ("parking", "Parking", "Parking at or next to the building."),
]

# slug, name, ISO 639 code
LANGUAGES = [
    ("english", "English", "en"),
    ("urdu", "Urdu", "ur"),
    ("punjabi", "Punjabi", "pa"),
    ("bengali", "Bengali", "bn"),
    ("arabic", "Arabic", "ar"),
    ("polish", "Polish", "pl"),
    ("romanian", "Romanian", "ro"),
    ("chinese", "Chinese (Cantonese and Mandarin)", "zh"),
    ("kurdish", "Kurdish", "ku"),
    ("bsl", "British Sign Language", "bfi"),
]

AUDIENCES = [
    ("everyone", "Everyone", "Anyone who lives or works in the area."),
    ("older-people", "Older people", "People aged 60 and over."),
    ("families", "Families and parents", "Parents, carers and their children."),
    ("young-people", "Young people", "People aged 16 to 25."),
    ("disabled-people", "Disabled people", "People with a disability or long-term health condition."),
    ("carers", "Carers", "People who look after someone."),
    ("job-seekers", "People looking for work", "People who are out of work or want a new job."),
    ("refugees", "Refugees and asylum seekers", "People new to the UK."),
    ("people-with-sight-loss", "People with sight loss", "People who are blind or partially sighted."),
]
