#: The six apps of lino-apps, each one after the apps it needs.
OUR_APPS = (
    "lino_core_model",
    "lino_gfks",
    "lino_checkdata",
    "lino_summaries",
    "lino_clients",
    "lino_coachings",
)
