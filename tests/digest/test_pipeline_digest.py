"""Articles analysed by the real pipeline feed a digest: speakers, roles and the PDB contradiction come through."""
from __future__ import annotations

from datetime import timedelta

from monitor.digest.build import build_digest
from monitor.digest.subscribers import Subscriber
from monitor.nlp.pipeline import analyse_texts
from monitor.store.db import open_store, session_scope
from tests.digest.seed import DAY, NOW, add_article, at

EARLIER = ("JAKARTA - Kementerian Koperasi dan UKM menyebut peran usaha kecil dalam perekonomian terus menguat. "
           "Deputi Bidang Usaha Mikro Kementerian Koperasi dan UKM Yulius mengatakan kontribusi UMKM terhadap PDB "
           "mencapai 61,9 persen. \"Kemitraan dengan usaha besar harus terus kita dorong agar UMKM naik kelas,\" kata Yulius "
           "di Jakarta, Senin (23/11/2026).")
TODAY = ("JAKARTA - Menteri Koperasi dan UKM Teten Masduki mengatakan kemitraan antara BUMN dan UMKM masih harus diperluas. "
         "\"Baru sekitar 7 persen UMKM yang masuk rantai pasok industri besar, ini masih sangat kecil,\" kata Teten di Jakarta, "
         "Jumat (27/11/2026).\n\nMenurut dia, kontribusi UMKM terhadap PDB saat ini sebesar 60,5 persen, sehingga kemitraan "
         "dengan industri besar menjadi kunci untuk menaikkan daya saing usaha kecil.")


def test_pipeline_output_makes_a_digest(settings, nlp):
    engine = open_store(settings)
    earlier, today = analyse_texts(nlp, [EARLIER, TODAY])
    add_article(engine, "antara", "pdb-61", at(DAY - timedelta(days=4), 10), "UMKM sumbang 61,9 persen PDB", earlier)
    add_article(engine, "kompas", "pdb-60", at(DAY, 9), "Teten: baru 7 persen UMKM masuk rantai pasok", today, carried_by=("tempo",))
    with session_scope(engine) as s:
        d = build_digest(s, Subscriber(email="a@contoh.id"), DAY, settings.base_url, NOW)
    assert d.article_count == 1
    top = d.quotes[0]
    assert top.speaker == "Teten Masduki" and top.role == "Menteri Koperasi dan UKM"
    assert set(top.outlets) == {"Kompas", "Tempo"}
    assert any(q.text.startswith("Baru sekitar 7 persen UMKM") and not q.text.endswith(",") for q in d.quotes)
    conflicts = [(a.text, b.text) for g in d.figure_groups for a, b in g.conflicts]
    assert ("60,5 persen", "61,9 persen") in conflicts
