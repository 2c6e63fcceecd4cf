"""prose55's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a table word's value after a dash between blanks, a PIN after a Gujarati or
Punjabi password word (their first-stage mark), a lock's code in Gujarati, a Rust login call with owned strings, a
notice's "your ... password is now X", a camelCase Pass key, and ssh-keygen -P / mutool -p."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Менин почтамдын сырсөзү — Heron-Falcon-88. Эч кимге айтпа.", "Heron-Falcon-88"),
    ("મારો ઇમેઇલ પાસવર્ડ 583920 છે. કોઈને કહેશો નહીં.", "583920"),
    ("ઓફિસના કબાટનો કોડ 739164 છે.", "739164"),
    ('let creds = Credentials::new("m.okoro".to_owned(), "5820913".to_owned());', "5820913"),
    ("Hi Ola, your wifi password is now Kestrel#2027 - keep it safe.", "Kestrel#2027"),
    ("IT desk: your badge terminal password is now 48213 (user p.ndlovu), change it today.", "48213"),
    ("my %conf = (dbUser => 'etl', dbPwd => 'Heron!Quay58');", "Heron!Quay58"),
    ("ssh-keygen -p -f ~/.ssh/id_deploy -P HeronMarshFen -N ''", "HeronMarshFen"),
    ("mutool convert -p 582913 -o out.cbz locked.pdf", "582913"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse55Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
