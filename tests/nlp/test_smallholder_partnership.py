"""A factory, hotel or exporter buying from farmers, fishers or artisans under contract is the partnership
the topic tracks even where no sentence says "UMKM"; a KUR quota or a harvest's price names none."""
from monitor.nlp.stance import StanceClassifier
from monitor.nlp.stance_topics import load_topics

PARTNERSHIP = (
    "Pabrik Cokelat Beli Kakao Petani Mitra di Atas Harga Pengumpul",
    "POLEWALI, Kabar Mandar - Sebanyak 240 petani kakao di Polewali Mandar kini menjadi pemasok tetap PT Kakao "
    "Teluk Mandar. Perusahaan mengikat kontrak pembelian tiga tahun dengan para petani itu.\n\n"
    "Direktur perusahaan, Andi Mappasessu, mengatakan petani mitra mendapat harga Rp3.000 per kilogram lebih tinggi.\n\n"
    "Ketua kelompok tani setempat mengaku pendapatan anggota naik sejak bermitra dengan pabrik.")
KUR_QUOTA = (
    "Serapan KUR Nelayan Baru 40 Persen",
    "KENDARI - Penyaluran kredit usaha rakyat bagi nelayan di Sulawesi Tenggara baru 40 persen dari kuota. "
    "Serapan KUR nelayan tertahan karena banyak nelayan belum punya dokumen kapal.\n\n"
    "Pasokan ikan ke pasar kota berkurang sejak cuaca buruk, kata petugas dinas.")
HARVEST = (
    "Harga Gabah Turun saat Panen Raya",
    "KLATEN - Harga gabah kering panen di tingkat petani turun menjadi Rp5.900 per kilogram. Pasokan gabah "
    "melimpah karena panen serentak.\n\nPetani berharap pemerintah segera membeli gabah lewat Bulog.")


def _topics(title: str, text: str) -> set[str]:
    return {label.topic for label in StanceClassifier(load_topics())(text, (), title).article}


def test_contract_supply_from_smallholders_is_partnership():
    assert "umkm_partnership" in _topics(*PARTNERSHIP)


def test_a_kur_quota_or_a_harvest_price_is_no_partnership():
    assert "umkm_partnership" not in _topics(*KUR_QUOTA)
    assert "umkm_partnership" not in _topics(*HARVEST)


def test_credit_for_artisans_and_growers_is_financial_inclusion():
    title = "Penenun Songket Dapat Pinjaman Modal Kerja Tanpa Agunan"
    text = ("PALEMBANG - Sebanyak 85 penenun songket di Palembang mendapat pinjaman modal kerja dari bank daerah. "
            "Plafon pinjaman bagi penenun itu Rp5 juta sampai Rp25 juta tanpa agunan tambahan.\n\n"
            "Peternak dan pembudidaya ikan di kabupaten tetangga juga mengajukan kredit serupa, kata pejabat bank.")
    assert "financial_inclusion" in _topics(title, text)
