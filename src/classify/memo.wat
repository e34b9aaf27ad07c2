;; The line memo's keys (memo.ts `LineMemo.find`) in WebAssembly: a line is hashed and compared where its bytes lie,
;; without V8's bounds, overflow and interrupt checks on every word. `scripts/build-wasm.ts` compiles it into
;; scan-wasm.ts; test/classify/memo-wasm.test.ts checks it against the JavaScript keys it replaces (`JsMemoKeys`):
;; the same slots, for the same lines, in the same order.
;;
;; Two memories: memory 0 is the keyword scanner's (scan.wat), imported, where the region a scan read still lies (a
;; line #skip stopped at is looked up there, not copied out); memory 1 is this instance's own (one per classifier):
;;   KEYS     SLOTS x MAX_KEY bytes: each slot's line past its timestamp, zero-padded to a multiple of 16 bytes
;;   LENGTHS  SLOTS i32: the key's length, -1 while empty
;;   HASHES   SLOTS i32
;;   STAMPED  SLOTS i32: 1 when the key's line had a GitHub timestamp
;;   LATELY   SLOTS/2 i32: per set (two slots side by side), the slot found or filled last
;;   SCRATCH  MAX_KEY + 16 bytes: the words of the line being looked up, zero-padded to 16 bytes
;;   LINE     where JavaScript copies a line that is not in the scanner's memory (its timestamp, then its text)
(module
  (import "scan" "memory" (memory $scan 1))
  (memory $own (export "memory") 5)

  ;; SLOTS = 1024, MAX_KEY = 256.
  (global $KEYS i32 (i32.const 0))
  (global $LENGTHS i32 (i32.const 262144))
  (global $HASHES i32 (i32.const 266240))
  (global $STAMPED i32 (i32.const 270336))
  (global $LATELY i32 (i32.const 274432))
  (global $SCRATCH i32 (i32.const 276480))
  (global $LINE (export "line") i32 (i32.const 276800))

  ;; Empties every slot.
  (func (export "reset")
    (local $k i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (i32.const 1024)))
        (i32.store $own (i32.add (global.get $LENGTHS) (i32.shl (local.get $k) (i32.const 2))) (i32.const -1))
        (i32.store $own (i32.add (global.get $HASHES) (i32.shl (local.get $k) (i32.const 2))) (i32.const 0))
        (i32.store $own (i32.add (global.get $STAMPED) (i32.shl (local.get $k) (i32.const 2))) (i32.const 0))
        ;; Set k/2's slot used last: its second, so that its first is filled first.
        (if (i32.eqz (i32.and (local.get $k) (i32.const 1)))
          (then (i32.store $own (i32.add (global.get $LATELY) (i32.shl (local.get $k) (i32.const 1)))
                               (i32.add (local.get $k) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each))))

  ;; 1 when the 29 bytes at $s (in memory $m) are GitHub's timestamp `2026-11-25T18:51:05.7197140Z ` (keywords.ts
  ;; `isGithubTimestamp`, which also wants more to follow: the caller sees to that): each byte minus what it should be
  ;; ('0' for a digit) is at most 9 for a digit, 0 for a separator, unsigned. Bytes 0-15, then 13-28.
  (func $stamp0 (param $s i32) (result i32)
    (i32.and
      (i8x16.all_true (i8x16.le_u
        (i8x16.sub (v128.load $scan (local.get $s))
          (v128.const i8x16 48 48 48 48 45 48 48 45 48 48 84 48 48 58 48 48))
        (v128.const i8x16 9 9 9 9 0 9 9 0 9 9 0 9 9 0 9 9)))
      (i8x16.all_true (i8x16.le_u
        (i8x16.sub (v128.load $scan offset=13 (local.get $s))
          (v128.const i8x16 58 48 48 58 48 48 46 48 48 48 48 48 48 48 90 32))
        (v128.const i8x16 0 9 9 0 9 9 0 9 9 9 9 9 9 9 0 0)))))
  (func $stamp1 (param $s i32) (result i32)
    (i32.and
      (i8x16.all_true (i8x16.le_u
        (i8x16.sub (v128.load $own (local.get $s))
          (v128.const i8x16 48 48 48 48 45 48 48 45 48 48 84 48 48 58 48 48))
        (v128.const i8x16 9 9 9 9 0 9 9 0 9 9 0 9 9 0 9 9)))
      (i8x16.all_true (i8x16.le_u
        (i8x16.sub (v128.load $own offset=13 (local.get $s))
          (v128.const i8x16 58 48 48 58 48 48 46 48 48 48 48 48 48 48 90 32))
        (v128.const i8x16 0 9 9 0 9 9 0 9 9 9 9 9 9 9 0 0)))))

  ;; The key's words from [$p, $end) in memory 0 into SCRATCH (the last one with zeros past $end, and zero words up to
  ;; 16 bytes), and their hash (FNV-1a over 32-bit little-endian words from 0x811c9dc5 ^ $stamped, as memo.ts).
  (func $words0 (param $p i32) (param $end i32) (param $stamped i32) (result i32)
    (local $h i32) (local $out i32) (local $word i32) (local $rest i32)
    (local.set $h (i32.xor (i32.const 0x811c9dc5) (local.get $stamped)))
    (local.set $out (global.get $SCRATCH))
    (block $tail
      (loop $each
        (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $end)))
        (local.set $word (i32.load $scan (local.get $p)))
        (i32.store $own (local.get $out) (local.get $word))
        (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $word)) (i32.const 0x01000193)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $each)))
    (local.set $rest (i32.sub (local.get $end) (local.get $p)))
    (if (local.get $rest)
      (then
        ;; 1 to 3 bytes: the word read whole (the scanner's region has room after its last LF), the bytes past the
        ;; line's end cleared.
        (local.set $word (i32.and (i32.load $scan (local.get $p))
          (i32.sub (i32.shl (i32.const 1) (i32.shl (local.get $rest) (i32.const 3))) (i32.const 1))))
        (i32.store $own (local.get $out) (local.get $word))
        (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $word)) (i32.const 0x01000193)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))))
    (call $pad (local.get $out))
    (local.get $h))

  ;; The same from memory 1 (LINE).
  (func $words1 (param $p i32) (param $end i32) (param $stamped i32) (result i32)
    (local $h i32) (local $out i32) (local $word i32) (local $rest i32)
    (local.set $h (i32.xor (i32.const 0x811c9dc5) (local.get $stamped)))
    (local.set $out (global.get $SCRATCH))
    (block $tail
      (loop $each
        (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $end)))
        (local.set $word (i32.load $own (local.get $p)))
        (i32.store $own (local.get $out) (local.get $word))
        (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $word)) (i32.const 0x01000193)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $each)))
    (local.set $rest (i32.sub (local.get $end) (local.get $p)))
    (if (local.get $rest)
      (then
        (local.set $word (i32.and (i32.load $own (local.get $p))
          (i32.sub (i32.shl (i32.const 1) (i32.shl (local.get $rest) (i32.const 3))) (i32.const 1))))
        (i32.store $own (local.get $out) (local.get $word))
        (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $word)) (i32.const 0x01000193)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))))
    (call $pad (local.get $out))
    (local.get $h))

  ;; Zero words from $out up to SCRATCH's next 16-byte boundary (the keys are compared 16 bytes at a time).
  (func $pad (param $out i32)
    (block $done
      (loop $each
        (br_if $done (i32.eqz (i32.and (i32.sub (local.get $out) (global.get $SCRATCH)) (i32.const 15))))
        (i32.store $own (local.get $out) (i32.const 0))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $each))))

  ;; The slot of the key in SCRATCH ($length bytes, hash $h): found (the slot), or given the slot of its set used less
  ;; lately (never $keep), the key copied there (SLOTS + the slot); -1 when it is found in $keep.
  (func $place (param $h i32) (param $length i32) (param $stamped i32) (param $keep i32) (result i32)
    (local $first i32) (local $slot i32) (local $at i32) (local $q i32) (local $blocks i32) (local $set i32)
    ;; The hash finished with MurmurHash3's finaliser (memo.ts).
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $first (i32.and (local.get $h) (i32.const 1022)))
    (local.set $set (i32.add (global.get $LATELY) (i32.shl (local.get $first) (i32.const 1))))
    ;; 16-byte blocks of the key.
    (local.set $blocks (i32.shr_u (i32.add (local.get $length) (i32.const 15)) (i32.const 4)))
    (local.set $slot (local.get $first))
    (block $missing
      (loop $each
        (br_if $missing (i32.ge_u (local.get $slot) (i32.add (local.get $first) (i32.const 2))))
        (block $next
          (br_if $next (i32.ne (i32.load $own (i32.add (global.get $LENGTHS) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $length)))
          (br_if $next (i32.ne (i32.load $own (i32.add (global.get $HASHES) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $h)))
          (br_if $next (i32.ne (i32.load $own (i32.add (global.get $STAMPED) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $stamped)))
          ;; Equal lengths and equal blocks, each padded alike: equal bytes.
          (local.set $at (i32.add (global.get $KEYS) (i32.shl (local.get $slot) (i32.const 8))))
          (local.set $q (i32.const 0))
          (block $equal
            (loop $block
              (br_if $equal (i32.ge_u (local.get $q) (local.get $blocks)))
              (br_if $next (v128.any_true (v128.xor
                (v128.load $own (i32.add (local.get $at) (i32.shl (local.get $q) (i32.const 4))))
                (v128.load $own (i32.add (global.get $SCRATCH) (i32.shl (local.get $q) (i32.const 4)))))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br $block)))
          (if (i32.eq (local.get $slot) (local.get $keep)) (then (return (i32.const -1))))
          (i32.store $own (local.get $set) (local.get $slot))
          (return (local.get $slot)))
        (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
        (br $each)))
    ;; The slot used less lately gives way, but never the one the caller is using.
    (local.set $slot (select (i32.add (local.get $first) (i32.const 1)) (local.get $first)
      (i32.eq (i32.load $own (local.get $set)) (local.get $first))))
    (if (i32.eq (local.get $slot) (local.get $keep)) (then (local.set $slot (i32.xor (local.get $slot) (i32.const 1)))))
    (i32.store $own (local.get $set) (local.get $slot))
    (memory.copy $own $own (i32.add (global.get $KEYS) (i32.shl (local.get $slot) (i32.const 8)))
      (global.get $SCRATCH) (i32.shl (local.get $blocks) (i32.const 4)))
    (i32.store $own (i32.add (global.get $LENGTHS) (i32.shl (local.get $slot) (i32.const 2))) (local.get $length))
    (i32.store $own (i32.add (global.get $HASHES) (i32.shl (local.get $slot) (i32.const 2))) (local.get $h))
    (i32.store $own (i32.add (global.get $STAMPED) (i32.shl (local.get $slot) (i32.const 2))) (local.get $stamped))
    (i32.add (local.get $slot) (i32.const 1024)))

  ;; The slot of the line at $p in the scanner's memory whose text (its key) is [$p + $skip, $p + $end): $skip is 0,
  ;; or 29 past a GitHub timestamp, and the caller has checked the key's length (at most MAX_KEY) and that text
  ;; follows a timestamp. The slot found; SLOTS + the slot given to it; -1 when it is not kept (its timestamp is
  ;; only like one) or found in $keep.
  (func (export "find0") (param $p i32) (param $skip i32) (param $end i32) (param $keep i32) (result i32)
    (local $stamped i32)
    (local.set $stamped (i32.ne (local.get $skip) (i32.const 0)))
    (if (local.get $stamped) (then (if (i32.eqz (call $stamp0 (local.get $p))) (then (return (i32.const -1))))))
    (call $place
      (call $words0 (i32.add (local.get $p) (local.get $skip)) (i32.add (local.get $p) (local.get $end)) (local.get $stamped))
      (i32.sub (local.get $end) (local.get $skip)) (local.get $stamped) (local.get $keep)))

  ;; The same for the line JavaScript copied to LINE.
  (func (export "find1") (param $skip i32) (param $end i32) (param $keep i32) (result i32)
    (local $stamped i32) (local $p i32)
    (local.set $p (global.get $LINE))
    (local.set $stamped (i32.ne (local.get $skip) (i32.const 0)))
    (if (local.get $stamped) (then (if (i32.eqz (call $stamp1 (local.get $p))) (then (return (i32.const -1))))))
    (call $place
      (call $words1 (i32.add (local.get $p) (local.get $skip)) (i32.add (local.get $p) (local.get $end)) (local.get $stamped))
      (i32.sub (local.get $end) (local.get $skip)) (local.get $stamped) (local.get $keep)))
)
