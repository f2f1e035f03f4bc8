"""d2lzh.load_data_time_machine's text: the book's ../data copy read as it is, else a verified copy, else a
DataError naming the file and where it goes (the real text is not in the test data: stand-ins only)."""
import pytest

from gluonlab.data import time_machine
from gluonlab.errors import DataError


@pytest.fixture
def notebook_dir(tmp_path, monkeypatch):
    (tmp_path / "chapter").mkdir()
    monkeypatch.chdir(tmp_path / "chapter")
    monkeypatch.setenv("GLUONLAB_DATA", str(tmp_path / "gluonlab-data"))
    monkeypatch.setenv("GLUONLAB_OFFLINE", "1")
    return tmp_path


def test_the_books_copy_is_read_lower_cased_with_newlines_as_spaces(notebook_dir):
    (notebook_dir / "data").mkdir()
    (notebook_dir / "data" / "timemachine.txt").write_text("The Time\nMachine\r\nBY H. G. WELLS " * 900)
    indices, char_to_idx, idx_to_char, vocab_size = time_machine.load_data_time_machine(10000)
    assert idx_to_char == sorted(set("the time machine by h. g. wells ")) and vocab_size == len(idx_to_char)
    assert "".join(idx_to_char[i] for i in indices[:19]) == "the time machine by"   # open(): \r\n reads as \n
    assert len(indices) == 10000


def test_without_a_copy_the_error_names_the_file_and_where_it_goes(notebook_dir):
    with pytest.raises(DataError, match="timemachine.txt was not found") as err:
        time_machine.load_data_time_machine()
    assert "GLUONLAB_DATA" in err.value.fix or "gluonlab-data" in err.value.fix


def test_a_copy_that_is_not_the_text_is_refused(notebook_dir):
    (notebook_dir / "gluonlab-data").mkdir()
    (notebook_dir / "gluonlab-data" / "timemachine.txt").write_text("not the book")
    with pytest.raises(DataError, match="sha1"):
        time_machine.load_data_time_machine()
