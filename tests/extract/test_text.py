"""Shared text utilities (etl/extract/text.py)."""

import re

from etl.extract.text import trie_pattern


def test_a_trie_pattern_matches_the_longest_word_like_the_sorted_alternation():
    words = ["国务院", "国务院国资委", "国资委", "国家发改委", "国家发展和改革委员会", "(普通合伙)", "海关", "海关总署"]
    trie = re.compile(trie_pattern(words))
    alternation = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    text = "国务院国资委、国资委和国家发展和改革委员会、郑州海关与海关总署，某中心(普通合伙)国家发"
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alternation.finditer(text)]
    assert all(trie.fullmatch(w) for w in words) and not trie.fullmatch("国务")
