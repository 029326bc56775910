"""`manage.py import_postcodes`: the ONS postcode directory, streamed into the slim table."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from directory.models import NORTHERN_IRELAND, SCOTLAND, Postcode

pytestmark = pytest.mark.django_db


def run(path) -> str:
    out = io.StringIO()
    call_command("import_postcodes", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_sample_loads_with_areas_countries_and_terminations(onspd_sample):
    assert "Loaded 32 postcodes" in run(onspd_sample)
    leeds = Postcode.objects.get(postcode="LS11UR")
    assert (leeds.pfa, leeds.lad, leeds.country, leeds.terminated) == (
        "E23000010", "E08000035", "E92000001", False,
    )  # fmt: skip
    assert Postcode.objects.get(postcode="LS19ZZ").terminated
    assert Postcode.objects.get(postcode="EH11YZ").country == SCOTLAND
    assert Postcode.objects.get(postcode="BT15GS").country == NORTHERN_IRELAND
    assert Postcode.objects.get(postcode="W1A1AA").pfa == "E23000001"


def test_a_zipped_release_loads_its_data_file_not_the_documents(onspd_sample, tmp_path):
    archive = tmp_path / "ONSPD_FEB_2026.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("Documents/Read me.csv", "not,the,data\n")
        zipped.write(onspd_sample, "Data/ONSPD_FEB_2026_UK.csv")
    assert "Loaded 32 postcodes" in run(archive)


def test_a_rerun_replaces_the_table(onspd_sample, tmp_path):
    run(onspd_sample)
    smaller = tmp_path / "next.csv"
    lines = onspd_sample.read_text().splitlines()
    smaller.write_text("\n".join(lines[:4]) + "\n")
    run(smaller)
    assert Postcode.objects.count() == 3
    assert not Postcode.objects.filter(postcode="LS11UR").exists()


def test_newer_column_names_with_the_boundaries_year_are_understood(tmp_path):
    path = tmp_path / "NSPL_FEB_2026_UK.csv"
    path.write_text(
        "pcds,doterm,lad24cd,lad25cd,ctry25cd,pfa23cd\n"
        "LS1 1UR,,E08000099,E08000035,E92000001,E23000010\n"
    )
    run(path)
    assert Postcode.objects.get().lad == "E08000035"  # the newest year's column


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("pcds,doterm,oslaua,ctry\nLS1 1UR,,E08000035,E92000001\n", "no column for pfa"),
        ("", "is empty"),
        (
            "pcds,doterm,oslaua,ctry,pfa\nLS1 1UR,,E1,E92000001,E2\nLS1 1UR,,E1,E92000001,E2\n",
            "lists a postcode twice",
        ),
    ],
)
def test_a_file_that_is_not_the_directory_is_refused_clearly(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nowhere.csv")


def test_rows_without_a_usable_postcode_are_skipped(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "pcds,doterm,oslaua,ctry,pfa\nnot a postcode,,E1,E2,E3\nshort\nM1 1AE,,E1,E2,E3\n"
    )
    run(path)
    assert list(Postcode.objects.values_list("postcode", flat=True)) == ["M11AE"]


def test_the_import_command_ends_with_one_summary_line_off_a_terminal(onspd_sample):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_postcodes", str(onspd_sample), stdout=out, stderr=err)
    (summary,) = err.getvalue().splitlines()
    assert summary.startswith("Reading postcodes: ") and " rows in " in summary
    assert "rows/s" in summary
