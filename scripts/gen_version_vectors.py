"""Generate version-ordering reference vectors with each ecosystem's own comparator.

    python scripts/gen_version_vectors.py [--shared PATH] [--apk-version-c FILE]
        [--apk-label TEXT] [--pypi-python PYTHON] [--only ECO...]

The committed files were made on Debian 12 with ``apt-get install dpkg python3-rpm ruby php-cli
composer node-semver libmaven3-core-java default-jre-headless r-base-core``, a venv holding ``packaging``
and ``packaging-legacy`` (``--pypi-python``), and apk-tools' v2 ``src/version.c`` (git commit
010497cb) as ``--apk-version-c``.

For each ecosystem a corpus of version pairs (hand-picked edge cases, the cases of issue 10,
and pairs of real versions of one package taken from the OSV records in
``shared/fixtures/advisories``) is fed to the ecosystem's reference implementation, and the
answers are written to ``tests/fixtures/versions/<ecosystem>.tsv`` as ``a<TAB>b<TAB>-1|0|1``
(``a`` sorts before, with, or after ``b``), with a header naming the tool and its version.
Versions the reference refuses go to ``<ecosystem>-invalid.txt``. The tests read these files
and need none of the tools; re-run this script only to refresh the vectors (and review the
diff).

Reference implementations (Debian 12 packages unless said otherwise):

=========== =================================================================================
alpine      apk-tools' ``src/version.c`` (``apk_version_compare_blob``, ``apk_version_validate``):
            ``apk version -t`` when ``apk`` is on PATH; Debian has no apk-tools, so otherwise
            ``--apk-version-c`` names a copy of apk-tools' version.c (GPL-2.0, not vendored
            here), compiled with a small driver and stub headers
debian      ``dpkg --compare-versions`` / ``dpkg --validate-version`` (dpkg)
rpm         rpm's own EVR parser and comparator, ``rpm.ver`` (python3-rpm, rpmverCmp)
pypi        ``packaging`` (PEP 440) with ``packaging-legacy`` for non-PEP 440 versions, which
            sort first: the order osv.dev uses (pip install packaging packaging-legacy into
            ``--pypi-python``'s environment)
rubygems    ``Gem::Version`` (ruby)
packagist   Composer: ``VersionParser::normalize`` then ``Comparator`` (php-composer-semver);
            ``packagist-php.tsv``: plain PHP ``version_compare`` (php-cli), for comparison
maven       maven-artifact's ``ComparableVersion`` (libmaven3-core-java, default-jre-headless)
semver      node-semver ``compare`` / ``valid`` (node-semver; npm, and Go/crates versions)
pub         no Debian package: expectations written by hand from pub_semver's
            ``Version.compareTo`` (rules cited beside each pair)
cran        R's ``numeric_version`` comparison (r-base-core, ``Rscript``): the order of
            ``package_version`` that CRAN and Bioconductor versions follow
hackage     no Haskell toolchain small enough: expectations written by hand from Cabal's
            ``Version`` (``versionDigitParser`` and the derived list order)
=========== =================================================================================
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import subprocess  # nosec B404 - runs the reference tools named above
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "fixtures" / "versions"
SEED = 10  # issue 10: the sample of real versions is the same on every run
REAL_PAIRS = {"pypi": 600, "semver": 300}  # cap per ecosystem; others take every pair
Pair = tuple[str, str]

# --- the corpus: groups of versions, every pair within a group is a vector --------------------

CORPUS: dict[str, list[list[str]]] = {
    "alpine": [
        # issue 10: "p" patch suffix without an underscore (sudo, openssh) and _git snapshots
        ["1.9.4-r0", "1.9.5-r0", "1.9.5p1-r0", "1.9.5p2-r0", "1.9.5p2-r1", "1.9.6-r0"],
        ["1.9.5p2-r0", "1.9.5_p2-r0", "1.9.5_p1-r0", "1.9.5_rc1-r0"],
        ["1.7.4-r0", "1.7.4p5-r0", "1.7.4p6-r1", "1.7.5-r0", "1.7.4_p6-r1"],
        ["6.6.2-r0", "6.6.2p1-r0", "6.6.3-r0", "6.6p1-r0", "6.6_p1-r0"],
        ["5.15.2-r0", "5.15.3_git20200401-r0", "5.15.3_git20200402-r0", "5.15.3-r0"],
        ["5.15.3_rc1-r0", "5.15.3_p1-r0", "5.15.4-r0", "5.15.3_git20200401-r1"],
        # suffix ranks: _alpha < _beta < _pre < _rc < release < _cvs < _svn < _git < _hg < _p
        ["1.0_alpha", "1.0_alpha1", "1.0_alpha2", "1.0_beta", "1.0_beta1", "1.0_pre1"],
        ["1.0_rc1", "1.0", "1.0_cvs1", "1.0_svn1", "1.0_git1", "1.0_hg1", "1.0_p1", "1.0_p2"],
        ["1.0_rc1_p1", "1.0_rc1", "1.0_rc2", "1.0_p1_rc1", "1.0_alpha_beta"],
        # letters, leading zeros, revisions, lengths
        ["1.0", "1.0a", "1.0b", "1.0z", "1.0.1", "1.0a1", "1.0-r1", "1.0-r10", "1.0-r2"],
        ["1.01", "1.001", "1.1", "1.10", "1.010", "1.0", "1.0.0", "1.00", "1.0.0.0.0"],
        ["1.2.3.4.5", "1.2.3.4", "1.2.3.4.6", "1.2.3.5", "1.2.4"],
        ["2.0-r0", "2.0", "2.0-r1", "2.0_p0-r0", "2.0.0-r0"],
        ["3.0.2-r0", "3.0.2a-r0", "3.0.2_p20220101-r0", "3.0.10-r0", "3.0.9-r0"],
        # not apk versions: the reference refuses them
        ["1.0_foo", "1.0-1", "1.0A", "v1.0", "1.0-r", "1.0-r1-r2", "1.0p1p2", ".1", "1..2", "a1"],
    ],
    "debian": [
        ["1.0", "1.0-1", "1.0-0", "1.0~rc1", "1.0~rc1-1", "1.0~~", "1.0~", "1.0+b1", "1.0.1"],
        ["1.0-1+b1", "1.0-1~bpo11+1", "1.0-1", "1.0-2", "1.0-1.1", "1.0-1ubuntu1"],
        ["1.0-1ubuntu0.1", "1.0-1ubuntu1.1", "1.0-1build1", "1.0-1+deb12u1", "1.0-1+deb11u1"],
        ["1:0.9", "0:1.0", "1.0", "2:0.1", "10:0.1", "9:0.1", "1:1.0-1"],
        ["1.0a", "1.0A", "1.0.a", "1.0+a", "1.0-a", "1.0a~", "1.00", "1.0.0", "1.0.0.0.0"],
        ["2.30-1+deb12u1", "2.30-1+deb11u1", "2.30-1.1", "2.30-2", "2.30-10", "2.31-1"],
        ["1.2.3.4.5", "1.2.3.4", "1.2.3.4.5-1", "1.2.3.4.6"],
        ["1.0+dfsg-1", "1.0+dfsg1-1", "1.0-1", "1.0+ds-1", "1.0+git20200101-1", "1.0~git-1"],
        ["1:2.0.2-1ubuntu1.1", "1:2.0.2-1ubuntu1", "2.0.2-1ubuntu2", "1:2.0.2-1"],
        ["7.68.0-1ubuntu2.7", "7.68.0-1ubuntu2.21", "7.68.0-1ubuntu2", "7.74.0-1.3+deb11u7"],
        ["1.0~beta1", "1.0~alpha1", "1.0~rc1~1", "1.0~rc1+1", "1.0~~a", "1.0~a~"],
        # not Debian versions: dpkg refuses them
        ["a1.0", "1.0:1", "1:", ":1.0", "1.0_1", "1.0 1", "x:1.0", "1.0-", "-1"],
    ],
    "rpm": [
        # issue 10: "1" vs "1-", non-numeric epochs
        ["1", "1-", "1-0", "1-1", "1.0", "1.0.0", "1-1.0"],
        ["a:1.0", "1.0", "0:1.0", "1:1.0", "1:1.0-1", "b:1.0", "1a:1.0", "x:2"],
        ["1.0~rc1", "1.0~rc2", "1.0~", "1.0", "1.0^", "1.0^20200101", "1.0^git1", "1.0.1"],
        ["1.0~rc1^1", "1.0~~", "1.0~rc1~1", "1.0^1~1", "1.0^1^1"],
        ["1.0a", "1.0.a", "1.0A", "1.a", "1.A", "1.0_1", "1.0+1", "1..0", "1.0b", "1.01", "1.1"],
        ["2.17-326.el7", "2.17-326.el7_9", "2.17-326.el7_9.3", "2.17-325.el7", "2.17-1.el7"],
        ["1.0-1.fc30", "1.0-1.fc30.1", "1.0-1.fc31", "1.0-2.fc30", "1.0-1.el8_4.1"],
        ["4.18.0-305.el8", "4.18.0-305.3.1.el8", "4.18.0-305.10.2.el8_4", "4.18.0-348.el8"],
        ["10", "9", "010", "09", "1.0010", "1.010", "1.10", "1.9"],
        ["1.2.3.4.5", "1.2.3.4", "1.2.3.4.5-1", "1.2.3.4.6", "0:1.2.3.4.5-1"],
        ["1.0-1", "1.0-1.1", "1.0-1a", "1.0-a", "1.0-1~", "1.0-1^", "1:1", "1:1-"],
        ["abc", "def", "abc1", "1abc", "x", "1.x", "1.0x", "~", "^"],
    ],
    "pypi": [
        ["1.0.dev1", "1.0a1.dev1", "1.0a1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0.post1"],
        ["1.0", "1.0.0", "1.0.0.0.0", "1.0+local", "1.0+local.2", "1.0+abc", "1.0+1", "1.0.1"],
        ["1!0.5", "2.0", "0!2.0", "1!1.0", "1.0c1", "1.0rc1", "1.0pre1", "1.0preview1"],
        ["1.0-1", "1.0.post1", "1.0_rc1", "1.0-rc1", "v1.0", "V1.0", "1.0.POST1", "1.0-r1"],
        ["1.2.3.4.5", "1.2.3.4", "1.2.3.4.6", "1.2.3.5", "1.2.4"],
        ["1.0.post1.dev1", "1.0.post1", "1.0.post2.dev0", "1.0a1.post1", "1.0a1"],
        # legacy (not PEP 440): first, among themselves by setuptools' historical key
        ["0.9-ivysaur", "0.9.1-fix", "2004d", "1.0-ivysaur", "french toast", "1.0.0-final"],
        # issue 10: legacy versions that do not start with a digit
        ["dev", "latest", "alpha", "release-1.0", "master", "r1.0", "abc1.0", "0.1", "1.0"],
        ["1.0.x", "1.0.*", "1.0-dev-r1", "1.0_final", "1.0.final", "1.0-SNAPSHOT"],
    ],
    "rubygems": [
        ["1.0", "1.0.0", "1.0.a", "1.0.a1", "1.0.b1", "1.0.rc1", "1.0.pre", "1.0.0.pre"],
        ["1.0-1", "1.0.pre.1", "1.0.0-pre", "1.0-pre", "2.0.0.rc1", "2.0.0-rc1", "2.0.0"],
        ["1.a", "1.A", "1.0.A", "1.01", "1.1", "1.10", "1.0.0.0.1", "1.0.0.0.0"],
        ["1.2.3.4.5", "1.2.3.4", "1.2.3.4.6", "1.2.3.5", "1.2.4", "1.2.3.a.5"],
        ["0.9", "0.10", "0.9.9", "1.0.b", "1.0.b.1", "1.0.beta", "1.0.beta.2", "1.0.beta10"],
        # issue 10: "1beta" and other strings Gem::Version refuses
        ["1beta", "1.0beta", "1..0", "a", "1.0.", "-1", "1.0 1", "1.0+1"],
    ],
    "packagist": [
        # issue 10: Composer and PHP's plain version_compare disagree on these
        ["v3.0", "v3.0.0-beta", "3.0.0", "3.0", "v3.0.0"],
        ["5.1.0-stable", "5.1.0-beta2", "5.1.0", "5.1.0-RC1", "5.1.0-beta10"],
        ["1.0.0", "1.0", "1.0.0.0", "1", "1.0.0.1", "1.0.1"],
        ["1.0.0-dev", "1.0.0-alpha", "1.0.0-alpha2", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-RC1"],
        ["1.0.0-rc2", "1.0.0", "1.0.0-patch1", "1.0.0-p1", "1.0.0-pl1", "1.0.0.1"],
        ["7.4.4", "7.4.5", "v7.4.5", "6.5.8", "7.0.0-beta.1", "7.0.0-rc", "7.0.0"],
        ["2.3.4.5", "2.3.4", "2.3.4.6", "2.3.5", "1.0.0+build", "1.0.0+other"],
        ["1.0.0a", "1.0.0b1", "1.0.0RC2", "1.0.0alpha3", "1.0.0-a1", "1.0.0-b2"],
        ["20200101", "2020.01.01", "2020.1.2", "2019.12.31"],
        # Composer refuses these (branches, too many parts, stray characters)
        ["dev-main", "2.3.4.5.6", "1.2.3.4.5", "1.0.x-dev", "abc", "1.0.0-foo", "1.0.0--1"],
    ],
    "maven": [
        # issue 10: "1-1" vs "1-ga-1", and "v"-prefixed versions
        ["1-1", "1-ga-1", "1-ga", "1", "1-final", "1.0-final-1", "1-0-1"],
        ["v1", "v1.0", "1", "v2", "V1", "v1.2.3", "1.2.3", "version1"],
        ["1", "1.0", "1.0.0", "1-0", "1.0-0", "1.0.0.0.0", "1-ga", "1.0.RELEASE", "1-release"],
        ["1-alpha", "1-alpha1", "1-alpha-1", "1-a1", "1-beta1", "1-b1", "1-milestone1"],
        ["1-m1", "1-rc1", "1-cr1", "1-snapshot", "1-SNAPSHOT", "1-sp", "1-sp1", "1"],
        ["1-foo", "1-1.foo", "1-foo2", "1.1-foo", "1-xyz", "1x", "1-abc", "1.0-abc"],
        ["1.0-alpha-1", "1.0-alpha-2", "1.0-alpha-10", "1.0-beta-1", "1.0-rc-1"],
        ["2.0.0.Final", "2.0.0", "2.0.0.CR1", "2.0.0.Beta1", "2.0.0.Alpha3", "2.0.0.SP1"],
        ["5.3.18.RELEASE", "5.3.18", "5.3.19", "5.3.18.BUILD-SNAPSHOT"],
        ["31.1-jre", "31.1-android", "32.0.0-jre", "31.1", "30.1.1-jre"],
        ["1.2.3.4.5", "1.2.3.4", "1.2.3.4.6", "1.2.3.5", "1.2.4"],
        ["1.0.0-M1", "1.0.0-M2", "1.0.0.M1", "1.0.0-RC1", "1.0.0"],
    ],
    "semver": [
        ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2"],
        ["1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.0+build", "1.0.0+build.2", "1.0.1"],
        ["1.0.0-0", "1.0.0-a.10", "1.0.0-a.9", "1.0.0-a.b", "1.0.0-x-y", "1.0.0--"],
        ["v1.2.3", "1.2.3", "v1.2.4", "1.2.3-rc.1"],
        ["v0.0.0-20210101000000-abcdef123456", "v0.0.0", "v0.0.1", "v0.1.0"],
        ["v1.2.4-0.20210101000000-abcdef123456", "v1.2.3", "v1.2.4", "v2.0.0+incompatible"],
        # not SemVer 2.0: node-semver refuses them (issue 10: five-part SemVer-ish versions)
        ["1.2.3.4.5", "1.2.3.4", "1.2", "1", "01.2.3", "1.02.3", "1.2.3-01", "1.2.3-", "a.b.c"],
    ],
}

CORPUS["cran"] = [
    # R pads with zeros: 1 = 1.0 = 1.0.0 = 1.0-0; "-" separates like "."; leading zeros read
    ["1", "1.0", "1.0.0", "1.0-0", "1.0-1", "1.0.1", "1.01", "1.1", "1.10", "1.9", "0.1.0"],
    ["0.1-12", "0.1-18", "0.1-22", "0.2-2", "0.1.12", "0.99-8.1", "0.99-8.47", "0.99-8"],
    # real versions of OSV records (RSEC-2023-0 readxl, RSEC-2023-9 gdata)
    ["0.1.0", "0.1.1", "1.0.0", "1.1.0", "2.16.1", "2.17.0", "2.18.0", "2.18.0.1", "2.19.0"],
    ["3.0.0", "1.2.3", "1.2.3.0", "1.2.3.0.0", "1.2.3-0", "01.002.003", "1.2.03"],
    # not R versions: numeric_version(strict = FALSE) gives NA
    ["1.0a", "1.0-beta", "v1.0", "1..0", "1.0.", "1.0 ", "a", "1_0", "1.0-rc1", "-1.0"],
]

# Hackage: no Haskell toolchain in Debian small enough to run here, so written by hand from
# Cabal-syntax's Version (Distribution.Types.Version, versionDigitParser):
#   H1 numbers separated by ".", compared numerically left to right
#   H2 a version that is a prefix of another sorts first (list order): 1.0 < 1.0.0
#   H3 parts have no leading zero and at most nine digits; tags ("-rc1") are not published
HACKAGE_VECTORS: list[tuple[str, str, int, str]] = [
    ("0.4.0.0", "2.0.1.0", -1, "H1 (HSEC-2023-0001 aeson range)"),
    ("1.5.6.0", "2.0.1.0", -1, "H1"),
    ("2.0.0.0", "2.0.1.0", -1, "H1"),
    ("2.0.1.0", "2.0.1.0", 0, "identical"),
    ("2.0.1", "2.0.1.0", -1, "H2: a prefix first"),
    ("2.0.1.0", "2.0.1.0.1", -1, "H2"),
    ("2.0.1.1", "2.0.1.0.1", 1, "H1 before H2"),
    ("1.0", "1.0.0", -1, "H2: no zero padding"),
    ("1", "1.0", -1, "H2"),
    ("1.10", "1.9", 1, "H1: numerically"),
    ("1.6.19.0", "1.6.23.0", -1, "H1 (HSEC-2024-0003 process fixes)"),
    ("1.6.3.0", "1.6.19.0", -1, "H1: numerically, not by string"),
    ("10.0", "9.99.99", 1, "H1"),
    ("0", "0.0", -1, "H2"),
    ("0.0.0.1", "0.0.1", -1, "H1"),
    ("999999999", "1000000.0", 1, "H1: nine digits"),
    ("1.2.3.4.5.6", "1.2.3.4.5", 1, "H2"),
    ("3.2.0.0", "3.2", 1, "H2"),
    ("2.2.3.0", "2.2.3.0", 0, "identical"),
    ("0.1", "0.0.9", 1, "H1"),
    ("4.18.0.0", "4.17.2.1", 1, "H1 (base versions)"),
    ("4.17.2.1", "4.17.2.0", 1, "H1"),
    ("1.0.0.0", "1.0.0.0.0", -1, "H2"),
    ("0.9", "0.10", -1, "H1"),
    ("7.0.4", "7.0.10", -1, "H1"),
    ("2.1", "2.0.99", 1, "H1"),
    ("1.1.0.0", "1.0.99.99", 1, "H1"),
    ("0.7.0.1", "0.7.0.0", 1, "H1"),
    ("3", "2.99", 1, "H1"),
    ("5.0.0.0", "5", 1, "H2"),
]
HACKAGE_INVALID = ["01.0", "1.00", "1.0-rc1", "v1.0", "1..0", "1.0.", "1.0a", "1234567890"]

# Pub: pub_semver has no Debian package, so these are written by hand from the rules of
# pub_semver's Version.compareTo and Version.parse (lib/src/version.dart, patterns.dart):
#   R1 major, minor, patch compare numerically; all three are required (no "1.2", no "v")
#   R2 a pre-release sorts before the same version without one
#   R3 pre-release / build identifiers split at "."; numbers compare numerically and before
#      strings; strings compare by code unit; a missing identifier sorts first
#   R4 unlike SemVer 2.0, build metadata orders: no build < any build, then identifiers (R3)
PUB_VECTORS: list[tuple[str, str, int, str]] = [
    ("1.0.0", "1.0.0+build", -1, "R4: no build < build"),  # issue 10
    ("1.2.3+1", "1.2.3+2", -1, "R4+R3: builds compared, 1 < 2"),  # issue 10
    ("4.1.1", "4.1.1+1", -1, "R4: a fix released as +1 is newer"),
    ("4.1.1+1", "4.1.2", -1, "R1: patch decides before build"),
    ("1.2.3+2", "1.2.3+10", -1, "R3: numeric identifiers numerically"),
    ("1.2.3+a", "1.2.3+1", 1, "R3: numbers before strings"),
    ("1.2.3+a", "1.2.3+b", -1, "R3: strings by code unit"),
    ("1.2.3+a", "1.2.3+a.1", -1, "R3: missing identifier first"),
    ("1.2.3+B", "1.2.3+a", -1, "R3: code units: 'B' < 'a'"),
    ("1.2.3-beta", "1.2.3", -1, "R2"),
    ("1.2.3-beta+1", "1.2.3", -1, "R2 before R4"),
    ("1.2.3-beta+1", "1.2.3-beta", 1, "R4 with equal pre-releases"),
    ("1.2.3-beta+1", "1.2.3-beta+2", -1, "R4+R3"),
    ("1.2.3-alpha", "1.2.3-beta", -1, "R3"),
    ("1.2.3-alpha.1", "1.2.3-alpha", 1, "R3: missing identifier first"),
    ("1.2.3-alpha.2", "1.2.3-alpha.10", -1, "R3"),
    ("1.2.3-1", "1.2.3-alpha", -1, "R3: numbers before strings"),
    ("1.2.3-rc.1", "1.2.3-beta.11", 1, "R3: 'rc' > 'beta'"),
    ("1.2.3-RC.1", "1.2.3-beta.1", -1, "R3: code units: 'R' < 'b'"),
    ("1.0.0", "1.0.0", 0, "identical"),
    ("1.0.0+build", "1.0.0+build", 0, "identical builds"),
    ("1.0.0+build.1", "1.0.0+build.01", 0, "R3: 1 and 01 are the same number"),
    ("01.2.3", "1.2.3", 0, "R1: int.parse ignores leading zeros"),
    ("1.10.0", "1.9.0", 1, "R1: numerically"),
    ("2.0.0", "10.0.0", -1, "R1: numerically"),
    ("0.9.9+999", "1.0.0-0", -1, "R1 before R2"),
    ("1.0.0-0", "1.0.0-0+1", -1, "R4"),
    ("3.0.0+1", "3.0.0-dev", 1, "R2: the release (with build) after its pre-release"),
    ("2.1.0+hotfix.1", "2.1.0+hotfix.2", -1, "R4+R3"),
    ("2.1.0+hotfix.2", "2.1.0+hotfix.10", -1, "R4+R3: numeric identifiers numerically"),
]
PUB_INVALID = ["1.2", "1", "v1.2.3", "1.2.3.4", "1.2.3.4.5", "1.2.3-", "1.2.3+", "a.b.c"]

# --- real versions from OSV records ------------------------------------------------------------

OSV_GROUPS = {
    "alpine": "alpine",
    "wolfi": "alpine",
    "chainguard": "alpine",
    "debian": "debian",
    "ubuntu": "debian",
    "almalinux": "rpm",
    "rocky linux": "rpm",
    "red hat": "rpm",
    "opensuse": "rpm",
    "suse": "rpm",
    "pypi": "pypi",
    "rubygems": "rubygems",
    "packagist": "packagist",
    "maven": "maven",
    "npm": "semver",
    "go": "semver",
    "crates.io": "semver",
    "pub": "pub",
}
NOT_OSV = ("cisa-kev", "cve5", "epss", "nvd-cve-2.0")


def osv_versions(shared: Path) -> dict[str, dict[str, set[str]]]:
    """Every version an OSV record names, per corpus ecosystem and package."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    root = shared / "fixtures" / "advisories"
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".json", ".yaml"} or any(p in NOT_OSV for p in path.parts):
            continue
        for affected in _affected(path):
            package = affected.get("package") or {}
            eco = str(package.get("ecosystem", "")).split(":")[0].strip().lower()
            group = OSV_GROUPS.get(eco)
            if group is None:
                continue
            versions = found[group][f"{eco}/{package.get('name')}"]
            versions.update(str(v) for v in affected.get("versions") or [])
            for rng in affected.get("ranges") or []:
                if rng.get("type") == "GIT":
                    continue
                for event in rng.get("events") or []:
                    versions.update(str(v) for k, v in event.items() if k != "limit")
    for packages in found.values():
        for versions in packages.values():
            versions.discard("0")
    return found


def _affected(path: Path) -> list[dict[str, object]]:
    """The ``affected`` entries of one OSV file; files that do not parse give none."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else YAML(typ="safe").load(text)
    except (OSError, ValueError, YAMLError):
        return []
    if not isinstance(data, dict) or not isinstance(data.get("affected"), list):
        return []
    return [a for a in data["affected"] if isinstance(a, dict)]


def real_pairs(packages: dict[str, set[str]], cap: int | None) -> list[Pair]:
    """Neighbours (by string) and random pairs of one package's versions, sampled to ``cap``."""
    rng = random.Random(SEED)  # noqa: S311 - a reproducible sample, not a secret
    pairs: list[Pair] = []
    for name in sorted(packages):
        versions = sorted(packages[name])
        pairs.extend(itertools.pairwise(versions))
        for _ in range(min(len(versions), 20)):
            a, b = rng.sample(versions, 2) if len(versions) > 1 else (versions[0],) * 2
            pairs.append((a, b))
    pairs = list(dict.fromkeys(pairs))
    if cap is not None and len(pairs) > cap:
        pairs = sorted(rng.sample(pairs, cap))
    return pairs


def corpus_pairs(groups: Iterable[Sequence[str]]) -> list[Pair]:
    """Every unordered pair within each group, plus each version with itself."""
    pairs: list[Pair] = []
    for group in groups:
        pairs.extend((v, v) for v in group)
        pairs.extend(itertools.combinations(group, 2))
    return list(dict.fromkeys(pairs))


# --- the reference comparators -----------------------------------------------------------------

Answer = int | None  # -1, 0, 1; None: the reference refuses one of the versions


def _run(argv: Sequence[str], stdin: str, env: dict[str, str] | None = None) -> list[str]:
    """Run a reference tool with the pairs on stdin; its answers, one per line."""
    done = subprocess.run(  # noqa: S603 - a reference tool, fixed argv
        list(argv), input=stdin, capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.splitlines()


def _answers(lines: list[str]) -> list[Answer]:
    """Tool lines (``-1``/``0``/``1``/``invalid``) as answers."""
    return [None if line.strip() == "invalid" else _sign(int(line)) for line in lines]


def _sign(value: int) -> int:
    """-1, 0 or 1."""
    return (value > 0) - (value < 0)


def _tsv(pairs: Sequence[Pair]) -> str:
    """Pairs as tool input, one tab-separated pair a line."""
    return "".join(f"{a}\t{b}\n" for a, b in pairs)


def dpkg(pairs: Sequence[Pair]) -> list[Answer]:
    """``dpkg --validate-version`` then ``--compare-versions`` lt / eq per pair."""
    valid: dict[str, bool] = {}
    answers: list[Answer] = []
    for a, b in pairs:
        for v in (a, b):
            if v not in valid:
                valid[v] = _ok(["dpkg", "--validate-version", "--", v])
        if not (valid[a] and valid[b]):
            answers.append(None)
        elif _ok(["dpkg", "--compare-versions", a, "lt", b]):
            answers.append(-1)
        else:
            answers.append(0 if _ok(["dpkg", "--compare-versions", a, "eq", b]) else 1)
    return answers


def _ok(argv: list[str]) -> bool:
    """Whether a tool exits 0 (its answer is the exit status)."""
    return (
        subprocess.run(argv, capture_output=True, check=False).returncode == 0  # noqa: S603 - a reference tool, fixed argv
    )


_RPM = """
import sys, rpm
for line in sys.stdin:
    a, b = line.rstrip("\\n").split("\\t")
    va, vb = rpm.ver(a), rpm.ver(b)
    print((va > vb) - (va < vb))
"""


def rpm_ver(pairs: Sequence[Pair]) -> list[Answer]:
    """rpm's ``rpm.ver`` (rpmverParse + rpmverCmp) through the system python3-rpm."""
    return _answers(_run(["/usr/bin/python3", "-c", _RPM], _tsv(pairs)))


_PYPI = """
import sys
from packaging_legacy.version import parse
for line in sys.stdin:
    a, b = line.rstrip("\\n").split("\\t")
    va, vb = parse(a), parse(b)
    print((va > vb) - (va < vb))
"""


def pypi(pairs: Sequence[Pair], python: str) -> list[Answer]:
    """``packaging_legacy.version.parse``: PEP 440, else a LegacyVersion sorting first."""
    return _answers(_run([python, "-c", _PYPI], _tsv(pairs)))


_RUBY = """
require "rubygems"
STDIN.each_line do |line|
  a, b = line.chomp("\\n").split("\\t", -1)
  if Gem::Version.correct?(a) && Gem::Version.correct?(b)
    puts(Gem::Version.new(a) <=> Gem::Version.new(b))
  else
    puts "invalid"
  end
end
"""


_R = r"""
con <- file("stdin"); lines <- readLines(con); close(con)
for (line in lines) {
  ab <- strsplit(line, "\t", fixed = TRUE)[[1]]
  x <- numeric_version(ab[1], strict = FALSE); y <- numeric_version(ab[2], strict = FALSE)
  if (is.na(x) || is.na(y)) cat("invalid\n") else cat(if (x < y) -1 else if (x > y) 1 else 0, "\n", sep = "")
}
"""


def r_version(pairs: Sequence[Pair]) -> list[Answer]:
    """R's ``numeric_version`` comparison; ``NA`` (strict = FALSE) means not a version."""
    return _answers(_run(["Rscript", "-e", _R], _tsv(pairs)))


def rubygems(pairs: Sequence[Pair]) -> list[Answer]:
    """``Gem::Version#<=>``; ``Gem::Version.correct?`` decides validity."""
    return _answers(_run(["ruby", "-e", _RUBY], _tsv(pairs)))


_COMPOSER = """
require "/usr/share/php/Composer/Semver/autoload.php";
$parser = new Composer\\Semver\\VersionParser();
while (($line = fgets(STDIN)) !== false) {
    [$a, $b] = explode("\\t", rtrim($line, "\\n"));
    if ($argv[1] === "php") { echo version_compare($a, $b), "\\n"; continue; }
    try { $na = $parser->normalize($a); $nb = $parser->normalize($b); }
    catch (UnexpectedValueException $e) { echo "invalid\\n"; continue; }
    if (str_starts_with($na, "dev-") || str_starts_with($nb, "dev-")) { echo "invalid\\n"; continue; }
    echo Composer\\Semver\\Comparator::lessThan($na, $nb) ? -1
        : (Composer\\Semver\\Comparator::equalTo($na, $nb) ? 0 : 1), "\\n";
}
"""


def composer(pairs: Sequence[Pair], mode: str = "composer") -> list[Answer]:
    """Composer: normalise then compare; ``mode="php"``: plain ``version_compare``."""
    return _answers(_run(["php", "-r", _COMPOSER, "--", mode], _tsv(pairs)))


_MAVEN = """
import org.apache.maven.artifact.versioning.ComparableVersion;
import java.io.*;
public class MavenCompare {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        String line;
        while ((line = in.readLine()) != null) {
            String[] p = line.split("\\t", -1);
            int c = new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1]));
            System.out.println(Integer.signum(c));
        }
    }
}
"""
MAVEN_JAR = "/usr/share/java/maven3-artifact.jar"


def maven(pairs: Sequence[Pair]) -> list[Answer]:
    """maven-artifact's ``ComparableVersion#compareTo`` (Java single-file launch)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "MavenCompare.java"
        source.write_text(_MAVEN, encoding="utf-8")
        return _answers(_run(["java", "-cp", MAVEN_JAR, str(source)], _tsv(pairs)))


_NODE = """
const semver = require("semver");
const lines = require("fs").readFileSync(0, "utf8").split("\\n").filter(Boolean);
for (const line of lines) {
  const [a, b] = line.split("\\t");
  if (semver.valid(a) === null || semver.valid(b) === null) { console.log("invalid"); continue; }
  console.log(semver.compare(a, b));
}
"""


def node_semver(pairs: Sequence[Pair]) -> list[Answer]:
    """node-semver's ``compare`` (strict ``valid``; build metadata ignored)."""
    env = {**os.environ, "NODE_PATH": "/usr/share/nodejs"}
    return _answers(_run(["node", "-e", _NODE], _tsv(pairs), env))


_APK_DRIVER = r"""
#include <stdio.h>
#include <string.h>
#include "apk_defines.h"
#include "apk_version.h"
int apk_version_validate(apk_blob_t ver);
int apk_version_compare_blob(apk_blob_t a, apk_blob_t b);
int main(void) {
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        *tab = 0;
        apk_blob_t a = APK_BLOB_STR(line), b = APK_BLOB_STR(tab + 1);
        if (!apk_version_validate(a) || !apk_version_validate(b)) { puts("invalid"); continue; }
        int r = apk_version_compare_blob(a, b);
        puts(r == APK_VERSION_LESS ? "-1" : r == APK_VERSION_EQUAL ? "0" : "1");
    }
    return 0;
}
"""
_APK_HEADERS = {
    "apk_defines.h": (
        "#include <string.h>\n#define ARRAY_SIZE(x) (int)(sizeof(x) / sizeof((x)[0]))\n"
        '#define TRUE 1\n#define FALSE 0\n#include "apk_blob.h"\n'
    ),
    "apk_blob.h": (
        "#ifndef APK_BLOB_H\n#define APK_BLOB_H\n#include <string.h>\n"
        "typedef struct { long len; char *ptr; } apk_blob_t;\n"
        "#define APK_BLOB_STR(s) ((apk_blob_t){ (long)strlen(s), (char *)(s) })\n"
        "#define APK_BLOB_IS_NULL(b) ((b).ptr == NULL)\n#endif\n"
    ),
    "apk_version.h": (
        '#include "apk_blob.h"\n#define APK_VERSION_UNKNOWN 0\n#define APK_VERSION_EQUAL 1\n'
        "#define APK_VERSION_LESS 2\n#define APK_VERSION_GREATER 4\n#define APK_VERSION_FUZZY 8\n"
        "#define APK_DEPMASK_ANY (APK_VERSION_EQUAL|APK_VERSION_LESS|APK_VERSION_GREATER)\n"
        "#define APK_DEPMASK_CHECKSUM (APK_VERSION_LESS|APK_VERSION_GREATER)\n"
    ),
}


def apk(pairs: Sequence[Pair], version_c: Path | None) -> list[Answer]:
    """apk-tools' own comparison: ``apk version -t``, or its version.c compiled here."""
    if shutil.which("apk"):
        return [_apk_cli(a, b) for a, b in pairs]
    if version_c is None:
        raise SystemExit("alpine: no 'apk' on PATH; give --apk-version-c (apk-tools version.c)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in _APK_HEADERS.items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / "driver.c").write_text(_APK_DRIVER, encoding="utf-8")
        binary = folder / "apk-vercmp"
        cc = ["cc", "-w", "-O1", "-I", str(folder), "-o", str(binary)]
        subprocess.run([*cc, str(folder / "driver.c"), str(version_c)], check=True)  # noqa: S603 - a reference tool, fixed argv
        return _answers(_run([str(binary)], _tsv(pairs)))


def _apk_cli(a: str, b: str) -> Answer:
    """``apk version -c`` for validity, ``apk version -t`` for the order."""
    if not (_ok(["apk", "version", "-c", a]) and _ok(["apk", "version", "-c", b])):
        return None
    argv = ["apk", "version", "-t", a, b]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
    return {"<": -1, "=": 0, ">": 1}[out]


# --- tool versions for the headers ----------------------------------------------------------


def _first_line(argv: list[str]) -> str:
    """The first output line of a version query, or ``unknown``."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603 - a reference tool, fixed argv
    except OSError:
        return "unknown"
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def _deb(package: str) -> str:
    """A Debian package's installed version."""
    return _first_line(["dpkg-query", "-W", "-f=${Version}", package])


def tool_names(args: argparse.Namespace) -> dict[str, str]:
    """What generated each file, with versions, for the header comments."""
    legacy = _first_line(
        [
            args.pypi_python,
            "-c",
            "import importlib.metadata as m; "
            "print(m.version('packaging'), m.version('packaging-legacy'))",
        ]
    )
    apk_source = "apk version -t" if shutil.which("apk") else args.apk_label
    return {
        "alpine": f"apk-tools src/version.c (apk_version_compare_blob), via {apk_source}",
        "debian": f"dpkg --compare-versions, dpkg {_deb('dpkg')}",
        "rpm": f"rpm.ver (rpmverCmp), python3-rpm {_deb('python3-rpm')}",
        "pypi": f"packaging_legacy.version.parse (packaging, packaging-legacy: {legacy})",
        "rubygems": f"Gem::Version, RubyGems {_first_line(['gem', '--version'])}",
        "packagist": "Composer VersionParser::normalize + Comparator, php-composer-semver "
        f"{_deb('php-composer-semver')}, php {_deb('php-cli')}",
        "packagist-php": f"PHP version_compare, php-cli {_deb('php-cli')}",
        "maven": f"maven-artifact ComparableVersion, libmaven3-core-java "
        f"{_deb('libmaven3-core-java')}, {_first_line(['java', '-version'])}",
        "semver": f"node-semver compare/valid, node-semver {_deb('node-semver')}",
        "pub": "hand-written from pub_semver Version.compareTo (rules R1-R4 in the generator)",
        "cran": f"R numeric_version (package_version) comparison, r-base-core {_deb('r-base-core')}",
        "hackage": "hand-written from Cabal-syntax Version (rules H1-H3 in the generator)",
    }


# --- writing -----------------------------------------------------------------------------------


def write(
    name: str, tool: str, rows: Iterable[tuple[str, str, Answer]], notes: Sequence[str] = ()
) -> tuple[int, int]:
    """``<name>.tsv`` and ``<name>-invalid.txt``; (vectors, invalid versions) written.

    ``notes``: a comment per row (the rule a hand-written expectation follows), as a fourth
    column that readers ignore.
    """
    vectors: list[str] = []
    invalid: set[str] = set()
    for index, (a, b, answer) in enumerate(rows):
        if "\t" in a + b or "\n" in a + b:
            raise SystemExit(f"{name}: a version with a tab or newline: {a!r} {b!r}")
        if answer is None:
            invalid.update((a, b))
        else:
            note = f"\t# {notes[index]}" if index < len(notes) else ""
            vectors.append(f"{a}\t{b}\t{answer}{note}")
    head = (
        f"# {name}: generated by scripts/gen_version_vectors.py; do not edit.\n"
        f"# reference: {tool}\n"
    )
    (OUT / f"{name}.tsv").write_text(
        head + "# a\tb\tcmp (-1: a before b, 0: same, 1: a after b)\n" + "\n".join(vectors) + "\n",
        encoding="utf-8",
    )
    valid = {v for line in vectors for v in line.split("\t")[:2]}
    refused = sorted(invalid - valid)
    (OUT / f"{name}-invalid.txt").write_text(
        head
        + "# versions the reference refuses, one a line\n"
        + "".join(v + "\n" for v in refused),
        encoding="utf-8",
    )
    return len(vectors), len(refused)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate every requested ecosystem's vectors and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--apk-version-c", type=Path, default=None)
    parser.add_argument(
        "--apk-label",
        default="apk-tools' version.c compiled with this script's driver",
        help="where the --apk-version-c file came from (apk-tools commit), for the header",
    )
    parser.add_argument("--pypi-python", default=sys.executable)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    real = osv_versions(args.shared) if args.shared.is_dir() else {}
    tools = tool_names(args)
    backends: dict[str, Callable[[Sequence[Pair]], list[Answer]]] = {
        "alpine": lambda p: apk(p, args.apk_version_c),
        "debian": dpkg,
        "rpm": rpm_ver,
        "pypi": lambda p: pypi(p, args.pypi_python),
        "rubygems": rubygems,
        "packagist": composer,
        "packagist-php": lambda p: composer(p, "php"),
        "maven": maven,
        "semver": node_semver,
        "cran": r_version,
    }
    for name, backend in backends.items():
        base = name.removesuffix("-php")
        if args.only is not None and base not in args.only:
            continue
        pairs = corpus_pairs(CORPUS[base])
        pairs += [p for p in real_pairs(real.get(base, {}), REAL_PAIRS.get(base)) if p not in pairs]
        answers = backend(pairs)
        written = write(
            name, tools[name], ((a, b, x) for (a, b), x in zip(pairs, answers, strict=True))
        )
        print(f"{name:14} {written[0]:5} vectors {written[1]:3} refused  ({tools[name]})")
    if args.only is None or "pub" in args.only:
        rows = [(a, b, c) for a, b, c, _ in PUB_VECTORS] + [(v, v, None) for v in PUB_INVALID]
        written = write("pub", tools["pub"], rows, [n for *_, n in PUB_VECTORS])
        print(f"{'pub':14} {written[0]:5} vectors {written[1]:3} refused  ({tools['pub']})")
    if args.only is None or "hackage" in args.only:
        rows = [(a, b, c) for a, b, c, _ in HACKAGE_VECTORS]
        rows += [(v, v, None) for v in HACKAGE_INVALID]
        written = write("hackage", tools["hackage"], rows, [n for *_, n in HACKAGE_VECTORS])
        print(f"{'hackage':14} {written[0]:5} vectors {written[1]:3} refused  ({tools['hackage']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
