"""The UI's German and English strings, and which language a request gets.

The language comes from `?lang=` (then remembered in a cookie), else the cookie, else
`Accept-Language`, else English.
"""

from flask import Flask, g, request

__all__ = ["LANGS", "STRINGS", "init_app", "choose_lang", "translate"]

LANGS = ("en", "de")
COOKIE = "lang"

# key -> (English, German)
STRINGS = {
    "title": ("citygraph", "citygraph"),
    "tagline": (
        "A knowledge graph of European cities, the city networks they form and the "
        "migration-policy approaches they pioneer.",
        "Ein Wissensgraph europäischer Städte, ihrer Städtenetzwerke und der "
        "migrationspolitischen Ansätze, die sie entwickeln.",
    ),
    "nav.home": ("Home", "Start"),
    "nav.query": ("Query", "Abfrage"),
    "nav.ontology": ("Ontology", "Ontologie"),
    "nav.dumps": ("Downloads", "Downloads"),
    "nav.void": ("Dataset description", "Datensatzbeschreibung"),
    "switch": ("Sprache: Deutsch", "Language: English"),
    "skip": ("Skip to content", "Zum Inhalt springen"),
    "search": ("Search", "Suchen"),
    "search.label": (
        "Search cities, networks, approaches and topics by name",
        "Städte, Netzwerke, Ansätze und Themen nach Namen suchen",
    ),
    "search.results": ("Results for", "Ergebnisse für"),
    "search.none": ("Nothing found.", "Nichts gefunden."),
    "holds": ("What the graph holds", "Was der Graph enthält"),
    "cities": ("Cities", "Städte"),
    "networks": ("City networks", "Städtenetzwerke"),
    "approaches": ("Approaches", "Ansätze"),
    "topics": ("Topics", "Themen"),
    "memberships": ("Memberships", "Mitgliedschaften"),
    "profiles": ("City profiles", "Stadtprofile"),
    "triples": ("Triples", "Tripel"),
    "profiled": ("Cities with a profile", "Städte mit Profil"),
    "city": ("City", "Stadt"),
    "network": ("Network", "Netzwerk"),
    "approach": ("Approach", "Ansatz"),
    "topic": ("Topic", "Thema"),
    "role": ("Role", "Rolle"),
    "since": ("Since", "Seit"),
    "until": ("Until", "Bis"),
    "country": ("Country", "Staat"),
    "coordinates": ("Coordinates", "Koordinaten"),
    "members": ("Members", "Mitglieder"),
    "founded": ("Founded", "Gegründet"),
    "founded_in": ("Founded in", "Gegründet in"),
    "founding_document": ("Founding document", "Gründungsdokument"),
    "coordinator": ("Coordinated by", "Koordiniert von"),
    "website": ("Website", "Website"),
    "also_known": ("Also known as", "Auch bekannt als"),
    "findings": ("Key findings", "Wichtigste Erkenntnisse"),
    "sources": ("Sources", "Quellen"),
    "other_topics": ("Without a topic", "Ohne Thema"),
    "special": ("What is special", "Das Besondere"),
    "focus": ("Focus of local policy", "Schwerpunkt der lokalen Politik"),
    "keyFactors": ("Key factors", "Schlüsselfaktoren"),
    "successes": ("Greatest successes", "Größte Erfolge"),
    "beyondLocal": ("Beyond the local level", "Über die lokale Ebene hinaus"),
    "derived_from": ("From the profile", "Aus dem Profil"),
    "contact": ("Contact", "Kontakt"),
    "nav.graphs": ("Networks", "Netzwerke"),
    "graphs.views": ("Network views", "Netzwerkansichten"),
    "graphs.graph": ("Graph", "Graph"),
    "graphs.map": ("Map", "Karte"),
    "graphs.timeline": ("Timeline", "Zeitleiste"),
    "graphs.network": ("Network", "Netzwerk"),
    "graphs.country": ("Country", "Staat"),
    "graphs.all_networks": ("all networks", "alle Netzwerke"),
    "graphs.all_countries": ("all countries", "alle Staaten"),
    "graphs.landscape": ("City networks", "Städtenetzwerke"),
    "graphs.map_title": ("Map of member cities", "Karte der Mitgliedsstädte"),
    "graphs.timeline_title": ("Membership timeline", "Zeitleiste der Mitgliedschaften"),
    "graphs.help_graph": (
        "Drag to pan, scroll to zoom; click a city to open its page, a network to see its members. "
        "Squares are networks; circles are cities, coloured by country and sized by the number of "
        "networks they belong to.",
        "Ziehen verschiebt, Scrollen zoomt; ein Klick auf eine Stadt öffnet ihre Seite, auf ein "
        "Netzwerk seine Mitglieder. Quadrate sind Netzwerke, Kreise Städte, gefärbt nach Staat und "
        "so groß wie die Zahl ihrer Netzwerke.",
    ),
    "graphs.help_map": (
        "Drag to pan, scroll to zoom; click a city to open its page. Circles are sized by the "
        "number of networks. Country outlines: Natural Earth (public domain).",
        "Ziehen verschiebt, Scrollen zoomt; ein Klick auf eine Stadt öffnet ihre Seite. "
        "Kreise sind so groß wie die Zahl der Netzwerke. "
        "Staatsgrenzen: Natural Earth (gemeinfrei).",
    ),
    "graphs.help_timeline": (
        "Members with a dated membership per network, cumulative by year.",
        "Mitglieder mit datierter Mitgliedschaft je Netzwerk, kumuliert nach Jahr.",
    ),
    "fallback_note": (
        "This text is not available in English; shown in the language of the source.",
        "Dieser Text liegt nicht auf Deutsch vor; er erscheint in der Sprache der Quelle.",
    ),
    "inspiring": ("What is inspiring", "Was inspirierend ist"),
    "operation": ("How it operates", "Wie es funktioniert"),
    "outcome": ("Outcome", "Ergebnis"),
    "initiators": ("Who initiated it", "Wer es initiiert hat"),
    "update": ("What is new", "Was neu ist"),
    "furtherText": ("Further section", "Weiterer Abschnitt"),
    "formats": ("This page as data", "Diese Seite als Daten"),
    "property": ("Property", "Eigenschaft"),
    "value": ("Value", "Wert"),
    "query.intro": (
        "Run SPARQL over the graph. Pick an example or write your own query.",
        "SPARQL-Abfragen über den Graphen. Wählen Sie ein Beispiel oder schreiben "
        "Sie eine eigene Abfrage.",
    ),
    "query.examples": ("Example queries", "Beispielabfragen"),
    "query.editor": ("SPARQL query", "SPARQL-Abfrage"),
    "query.run": ("Run query", "Abfrage ausführen"),
    "query.results": ("Results", "Ergebnisse"),
    "query.use": ("Use this query", "Diese Abfrage verwenden"),
    "query.running": ("Running…", "Läuft …"),
    "query.rows": ("rows", "Zeilen"),
    "query.error": ("The query failed", "Die Abfrage ist fehlgeschlagen"),
    "dumps.intro": (
        "The whole graph as files, for download.",
        "Der ganze Graph als Dateien zum Herunterladen.",
    ),
    "dumps.file": ("File", "Datei"),
    "dumps.format": ("Format", "Format"),
    "dumps.size": ("Size", "Größe"),
    "dumps.none": ("No dumps have been built yet.", "Es wurden noch keine Dateien gebaut."),
    "notfound": ("Not found", "Nicht gefunden"),
    "notfound.text": (
        "The graph holds nothing about this address.",
        "Der Graph enthält nichts zu dieser Adresse.",
    ),
    "related": ("Related", "Verwandt"),
}


def translate(key: str, lang: str | None = None) -> str:
    """The UI string `key` in `lang` (default: the request's language)."""
    english, german = STRINGS[key]
    return german if (lang or g.get("lang", "en")) == "de" else english


def choose_lang() -> str:
    """The request's language: ?lang=, the cookie, Accept-Language, English."""
    for candidate in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGS:
            return candidate
    return request.accept_languages.best_match(LANGS, default="en")


def init_app(app: Flask) -> None:
    """Choose the language per request, remember an explicit choice, expose `_` to templates."""

    @app.before_request
    def _set_lang():
        g.lang = choose_lang()

    @app.after_request
    def _remember(response):
        chosen = request.args.get("lang")
        if chosen in LANGS:
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax")
        if response.mimetype == "text/html":
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response

    app.jinja_env.globals["_"] = translate
