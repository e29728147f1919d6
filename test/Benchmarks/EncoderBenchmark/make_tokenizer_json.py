#!/usr/bin/python3
"""Writes a Hugging Face fast-tokenizer `tokenizer.json` for an XLM-R folder from its `sentencepiece.bpe.model`.

transformers.js only reads `tokenizer.json`; this reproduces what transformers' XLMRobertaConverter
(convert_slow_tokenizer.py) builds: a Unigram model whose vocabulary is <s>, <pad>, </s>, <unk>, the SentencePiece
pieces from index 3 on with their scores, then <mask>; the precompiled nmt_nfkc charsmap; Metaspace pre-tokenizer and
decoder; and the <s> A </s> (</s> B </s>) template. Needs Debian's python3-sentencepiece (run with /usr/bin/python3).
Usage: make_tokenizer_json.py MODEL_FOLDER
"""
import base64
import json
import os
import sys

from sentencepiece import sentencepiece_model_pb2

folder = sys.argv[1]
proto = sentencepiece_model_pb2.ModelProto()
with open(os.path.join(folder, "sentencepiece.bpe.model"), "rb") as f:
    proto.ParseFromString(f.read())

vocab = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]]
vocab += [[p.piece, p.score] for p in proto.pieces[3:]]
vocab.append(["<mask>", 0.0])
mask_id = len(vocab) - 1


def added(i, content, lstrip=False):
    return {"id": i, "content": content, "single_word": False, "lstrip": lstrip, "rstrip": False,
            "normalized": False, "special": True}


def special(token, i):
    return {"id": token, "ids": [i], "tokens": [token]}


metaspace = {"type": "Metaspace", "replacement": "\u2581", "add_prefix_space": True, "prepend_scheme": "always", "split": True}
tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [added(0, "<s>"), added(1, "<pad>"), added(2, "</s>"), added(3, "<unk>"), added(mask_id, "<mask>", True)],
    "normalizer": {"type": "Sequence", "normalizers": [
        {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(proto.normalizer_spec.precompiled_charsmap).decode()},
        {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
    "pre_tokenizer": metaspace,
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": "</s>", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                 {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
        "special_tokens": {"<s>": special("<s>", 0), "</s>": special("</s>", 2)}},
    "decoder": metaspace,
    "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab, "byte_fallback": False},
}
with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
    json.dump(tokenizer, f, ensure_ascii=False)
print(f"wrote {os.path.join(folder, 'tokenizer.json')} ({len(vocab)} tokens)")
