;; The keyword scanner's hot loop (keywords.ts `scanLines`) in WebAssembly: the same table walk, without JavaScript's
;; bounds checks, with a SIMD search for each line's end. `scripts/build-wasm.ts` compiles it to scan-wasm.ts;
;; test/classify/scan-wasm.test.ts checks it against the JavaScript walk it replaces.
;;
;; The module also builds the tables it walks (`trie`, `complete`, `fill`: keywords.ts's `insertWords`, `completeRows`
;; and `fillScanTable`, which build the same tables where WebAssembly is missing): built once at start-up, in
;; JavaScript those loops would run mostly before V8 compiles them.
;;
;; Memory (laid out by keywords.ts, see `wasmScanner`): the DFA's rows from address 0 (one i32 per class: the
;; address of the next state's row; one sink row that every keyword and every ESC leads to, a line whose ESC took the
;; walk there being read again with its escapes removed as the line cleaner removes them; JavaScript walks the same
;; rows), a table of 256 i32 (each byte's class times 4), 256 bytes (1 where an anchored keyword begins with that
;; byte), the anchored keywords as (length, address) i32 pairs and their bytes, the region being scanned, and what is
;; written back: the hits, and every line's start.
(module
  (memory (export "memory") 1)
  (global $cls (mut i32) (i32.const 0))
  (global $first (mut i32) (i32.const 0))
  (global $anchored (mut i32) (i32.const 0))
  (global $anchoredCount (mut i32) (i32.const 0))
  (global $root (mut i32) (i32.const 0))
  (global $sink (mut i32) (i32.const 0))
  (global $lines (mut i32) (i32.const 0))

  (func (export "init") (param $cls i32) (param $first i32) (param $anchored i32) (param $anchoredCount i32)
    (param $root i32) (param $sink i32)
    (global.set $cls (local.get $cls))
    (global.set $first (local.get $first))
    (global.set $anchored (local.get $anchored))
    (global.set $anchoredCount (local.get $anchoredCount))
    (global.set $root (local.get $root))
    (global.set $sink (local.get $sink)))

  ;; Adds $count words to the trie (keywords.ts `insertWords`): word k's bytes begin at the i32 at $index + 12k, its
  ;; length and its group follow; $cls holds each byte's class (one byte each). Rows of $C u16 states at $walk, the
  ;; groups as $W i32 words per state at $masks, and each state's first child, next sibling (i32) and the class that
  ;; leads to it (u8) at $first, $next, $edge. Returns the number of states.
  (func (export "trie") (param $index i32) (param $count i32) (param $cls i32) (param $C i32) (param $W i32)
    (param $walk i32) (param $masks i32) (param $first i32) (param $next i32) (param $edge i32) (result i32)
    (local $n i32) (local $k i32) (local $p i32) (local $len i32) (local $owner i32) (local $j i32) (local $s i32)
    (local $c i32) (local $at i32) (local $t i32)
    (local.set $n (i32.const 1))
    (block $words
      (loop $word
        (br_if $words (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $p (i32.load (local.get $index)))
        (local.set $len (i32.load offset=4 (local.get $index)))
        (local.set $owner (i32.load offset=8 (local.get $index)))
        (local.set $s (i32.const 0))
        (local.set $j (i32.const 0))
        (block $bytes
          (loop $byte
            (br_if $bytes (i32.ge_u (local.get $j) (local.get $len)))
            (local.set $c (i32.load8_u (i32.add (local.get $cls) (i32.load8_u (i32.add (local.get $p) (local.get $j))))))
            (local.set $at (i32.add (local.get $walk)
              (i32.shl (i32.add (i32.mul (local.get $s) (local.get $C)) (local.get $c)) (i32.const 1))))
            (local.set $t (i32.load16_u (local.get $at)))
            (if (i32.eqz (local.get $t))
              (then
                (local.set $t (local.get $n))
                (i32.store16 (local.get $at) (local.get $t))
                (i32.store8 (i32.add (local.get $edge) (local.get $t)) (local.get $c))
                (i32.store (i32.add (local.get $next) (i32.shl (local.get $t) (i32.const 2)))
                           (i32.load (i32.add (local.get $first) (i32.shl (local.get $s) (i32.const 2)))))
                (i32.store (i32.add (local.get $first) (i32.shl (local.get $s) (i32.const 2))) (local.get $t))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))))
            (local.set $s (local.get $t))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $byte)))
        (local.set $at (i32.add (local.get $masks)
          (i32.shl (i32.add (i32.mul (local.get $s) (local.get $W)) (i32.shr_u (local.get $owner) (i32.const 5))) (i32.const 2))))
        (i32.store (local.get $at) (i32.or (i32.load (local.get $at)) (i32.shl (i32.const 1) (i32.and (local.get $owner) (i32.const 31)))))
        (local.set $index (i32.add (local.get $index) (i32.const 12)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $word)))
    (local.get $n))

  ;; Completes the trie's rows breadth-first (keywords.ts `completeRows`): each state's row is its failure state's,
  ;; copied, with its own children put back, and its groups joined with its failure state's. Writes each state's
  ;; failure state (i32) at $fail and the states in breadth-first order at $queue (the root left out); returns how many.
  (func (export "complete") (param $C i32) (param $W i32) (param $walk i32) (param $masks i32) (param $first i32)
    (param $next i32) (param $edge i32) (param $fail i32) (param $queue i32) (result i32)
    (local $tail i32) (local $q i32) (local $st i32) (local $f i32) (local $w i32) (local $t i32) (local $at i32)
    (local $row i32)
    (local.set $t (i32.load (local.get $first)))
    (block $roots
      (loop $root
        (br_if $roots (i32.eqz (local.get $t)))
        (i32.store (i32.add (local.get $queue) (i32.shl (local.get $tail) (i32.const 2))) (local.get $t))
        (local.set $tail (i32.add (local.get $tail) (i32.const 1)))
        (local.set $t (i32.load (i32.add (local.get $next) (i32.shl (local.get $t) (i32.const 2)))))
        (br $root)))
    (block $done
      (loop $state
        (br_if $done (i32.ge_u (local.get $q) (local.get $tail)))
        (local.set $st (i32.load (i32.add (local.get $queue) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $f (i32.load (i32.add (local.get $fail) (i32.shl (local.get $st) (i32.const 2)))))
        (local.set $w (i32.const 0))
        (block $joined
          (loop $join
            (br_if $joined (i32.ge_u (local.get $w) (local.get $W)))
            (local.set $at (i32.add (local.get $masks)
              (i32.shl (i32.add (i32.mul (local.get $st) (local.get $W)) (local.get $w)) (i32.const 2))))
            (i32.store (local.get $at) (i32.or (i32.load (local.get $at))
              (i32.load (i32.add (local.get $masks)
                (i32.shl (i32.add (i32.mul (local.get $f) (local.get $W)) (local.get $w)) (i32.const 2))))))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))
            (br $join)))
        (local.set $row (i32.add (local.get $walk) (i32.shl (i32.mul (local.get $st) (local.get $C)) (i32.const 1))))
        (memory.copy (local.get $row)
                     (i32.add (local.get $walk) (i32.shl (i32.mul (local.get $f) (local.get $C)) (i32.const 1)))
                     (i32.shl (local.get $C) (i32.const 1)))
        (local.set $t (i32.load (i32.add (local.get $first) (i32.shl (local.get $st) (i32.const 2)))))
        (block $children
          (loop $child
            (br_if $children (i32.eqz (local.get $t)))
            (local.set $at (i32.add (local.get $row) (i32.shl (i32.load8_u (i32.add (local.get $edge) (local.get $t))) (i32.const 1))))
            (i32.store (i32.add (local.get $fail) (i32.shl (local.get $t) (i32.const 2))) (i32.load16_u (local.get $at)))
            (i32.store16 (local.get $at) (local.get $t))
            (i32.store (i32.add (local.get $queue) (i32.shl (local.get $tail) (i32.const 2))) (local.get $t))
            (local.set $tail (i32.add (local.get $tail) (i32.const 1)))
            (local.set $t (i32.load (i32.add (local.get $next) (i32.shl (local.get $t) (i32.const 2)))))
            (br $child)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $state)))
    (local.get $tail))

  ;; A state's address in the scanning table: the sink when it accepts, else its row's (its number at $id times the
  ;; row's bytes).
  (func $address (param $t i32) (param $accept i32) (param $id i32) (param $rowBytes i32) (param $sink i32) (result i32)
    (if (result i32) (i32.load8_u (i32.add (local.get $accept) (local.get $t)))
      (then (local.get $sink))
      (else (i32.mul (i32.load (i32.add (local.get $id) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowBytes)))))

  ;; The scanning table at address 0 from the completed trie (keywords.ts `fillScanTable`, with the accepting states
  ;; and the renumbering before it): marks each of the $n states that accepts (u8 at $accept), numbers the others
  ;; breadth-first (i32 at $id), and writes their rows of $C i32 addresses, then the sink's. Returns the number of
  ;; rows before the sink's.
  (func (export "fill") (param $C i32) (param $W i32) (param $n i32) (param $masks i32) (param $accept i32) (param $id i32)
    (param $fail i32) (param $queue i32) (param $tail i32) (param $first i32) (param $next i32) (param $edge i32) (result i32)
    (local $st i32) (local $w i32) (local $any i32) (local $m i32) (local $q i32) (local $rowBytes i32) (local $sink i32)
    (local $c i32) (local $t i32) (local $row i32)
    (block $marked
      (loop $mark
        (br_if $marked (i32.ge_u (local.get $st) (local.get $n)))
        (local.set $any (i32.const 0))
        (local.set $w (i32.const 0))
        (block $words
          (loop $word
            (br_if $words (i32.ge_u (local.get $w) (local.get $W)))
            (local.set $any (i32.or (local.get $any) (i32.load (i32.add (local.get $masks)
              (i32.shl (i32.add (i32.mul (local.get $st) (local.get $W)) (local.get $w)) (i32.const 2))))))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))
            (br $word)))
        (i32.store8 (i32.add (local.get $accept) (local.get $st)) (i32.ne (local.get $any) (i32.const 0)))
        (local.set $st (i32.add (local.get $st) (i32.const 1)))
        (br $mark)))
    ;; The root first (it accepts nothing), then breadth-first.
    (i32.store (local.get $id) (i32.const 0))
    (local.set $m (i32.const 1))
    (block $numbered
      (loop $number
        (br_if $numbered (i32.ge_u (local.get $q) (local.get $tail)))
        (local.set $st (i32.load (i32.add (local.get $queue) (i32.shl (local.get $q) (i32.const 2)))))
        (if (i32.eqz (i32.load8_u (i32.add (local.get $accept) (local.get $st))))
          (then
            (i32.store (i32.add (local.get $id) (i32.shl (local.get $st) (i32.const 2))) (local.get $m))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $number)))
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $sink (i32.mul (local.get $m) (local.get $rowBytes)))
    ;; The sink's row; the root's: any other byte stays there, an ESC leads to the sink, a keyword's first byte to its
    ;; state.
    (local.set $c (i32.const 0))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $c) (local.get $C)))
        (i32.store (i32.add (local.get $sink) (i32.shl (local.get $c) (i32.const 2))) (local.get $sink))
        (i32.store (i32.shl (local.get $c) (i32.const 2)) (i32.const 0))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $fill)))
    (i32.store offset=4 (i32.const 0) (local.get $sink))
    (local.set $t (i32.load (local.get $first)))
    (block $roots
      (loop $root
        (br_if $roots (i32.eqz (local.get $t)))
        (i32.store (i32.shl (i32.load8_u (i32.add (local.get $edge) (local.get $t))) (i32.const 2))
                   (call $address (local.get $t) (local.get $accept) (local.get $id) (local.get $rowBytes) (local.get $sink)))
        (local.set $t (i32.load (i32.add (local.get $next) (i32.shl (local.get $t) (i32.const 2)))))
        (br $root)))
    (local.set $q (i32.const 0))
    (block $rows
      (loop $each
        (br_if $rows (i32.ge_u (local.get $q) (local.get $tail)))
        (local.set $st (i32.load (i32.add (local.get $queue) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br_if $each (i32.load8_u (i32.add (local.get $accept) (local.get $st))))
        (local.set $row (call $address (local.get $st) (local.get $accept) (local.get $id) (local.get $rowBytes) (local.get $sink)))
        (memory.copy (local.get $row)
                     (call $address (i32.load (i32.add (local.get $fail) (i32.shl (local.get $st) (i32.const 2))))
                                    (local.get $accept) (local.get $id) (local.get $rowBytes) (local.get $sink))
                     (local.get $rowBytes))
        (local.set $t (i32.load (i32.add (local.get $first) (i32.shl (local.get $st) (i32.const 2)))))
        (block $children
          (loop $child
            (br_if $children (i32.eqz (local.get $t)))
            (i32.store (i32.add (local.get $row) (i32.shl (i32.load8_u (i32.add (local.get $edge) (local.get $t))) (i32.const 2)))
                       (call $address (local.get $t) (local.get $accept) (local.get $id) (local.get $rowBytes) (local.get $sink)))
            (local.set $t (i32.load (i32.add (local.get $next) (i32.shl (local.get $t) (i32.const 2)))))
            (br $child)))
        (br $each)))
    (local.get $m))

  ;; Lines counted by the last `scan`.
  (func (export "lines") (result i32) (global.get $lines))

  ;; Where the LF at or after $i is; the region ends with one.
  (func $lineEnd (param $i i32) (param $end i32) (result i32)
    (local $mask i32)
    (block $tail
      (loop $wide
        (br_if $tail (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $mask
          (i8x16.bitmask (i8x16.eq (v128.load align=1 (local.get $i)) (i8x16.splat (i32.const 10)))))
        (if (local.get $mask) (then (return (i32.add (local.get $i) (i32.ctz (local.get $mask))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $wide)))
    (loop $narrow
      (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 10)) (then (return (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $narrow (i32.lt_u (local.get $i) (local.get $end))))
    (local.get $end))

  ;; 1 when an anchored keyword begins at $at and ends by $last.
  (func $atStart (param $at i32) (param $last i32) (result i32)
    (local $k i32) (local $entry i32) (local $len i32) (local $word i32) (local $j i32)
    (if (i32.ge_u (local.get $at) (local.get $last)) (then (return (i32.const 0))))
    (if (i32.eqz (i32.load8_u (i32.add (global.get $first) (i32.load8_u (local.get $at))))) (then (return (i32.const 0))))
    (block $none
      (loop $each
        (br_if $none (i32.ge_u (local.get $k) (global.get $anchoredCount)))
        (local.set $entry (i32.add (global.get $anchored) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $len (i32.load (local.get $entry)))
        (local.set $word (i32.load offset=4 (local.get $entry)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $each (i32.gt_u (i32.add (local.get $at) (local.get $len)) (local.get $last)))
        (local.set $j (i32.const 0))
        (block $differs
          (loop $compare
            (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const 1))))
            (br_if $differs
              (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $j)))
                      (i32.load8_u (i32.add (local.get $word) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $compare)))
        (br $each)))
    (i32.const 0))

  ;; After the walk reached the sink in the block [$i, $i + 4): 1 for a keyword, 2 when an ESC in the block may have
  ;; taken it there (the caller then reads the line again, escapes skipped).
  (func $confirm (param $i i32) (param $last i32) (result i32)
    (local $to i32)
    (local.set $to (select (i32.add (local.get $i) (i32.const 4)) (local.get $last)
                           (i32.lt_u (i32.add (local.get $i) (i32.const 4)) (local.get $last))))
    (block $clean
      (loop $each
        (br_if $clean (i32.ge_u (local.get $i) (local.get $to)))
        (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 27)) (then (return (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.const 1))

  ;; The walk from state $s at $i to $last: 0 when it reaches no keyword, else what $confirm says.
  (func $walk (param $s i32) (param $i i32) (param $last i32) (result i32)
    (local $cls i32) (local $sink i32)
    (local.set $cls (global.get $cls))
    (local.set $sink (global.get $sink))
    (block $short
      (loop $block
        (br_if $short (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $last)))
        (local.set $s (i32.load (i32.add (local.get $s)
          (i32.load (i32.add (local.get $cls) (i32.shl (i32.load8_u (local.get $i)) (i32.const 2)))))))
        (local.set $s (i32.load (i32.add (local.get $s)
          (i32.load (i32.add (local.get $cls) (i32.shl (i32.load8_u offset=1 (local.get $i)) (i32.const 2)))))))
        (local.set $s (i32.load (i32.add (local.get $s)
          (i32.load (i32.add (local.get $cls) (i32.shl (i32.load8_u offset=2 (local.get $i)) (i32.const 2)))))))
        (local.set $s (i32.load (i32.add (local.get $s)
          (i32.load (i32.add (local.get $cls) (i32.shl (i32.load8_u offset=3 (local.get $i)) (i32.const 2)))))))
        (if (i32.eq (local.get $s) (local.get $sink))
          (then (return (call $confirm (local.get $i) (local.get $last)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $block)))
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $i) (local.get $last)))
        (local.set $s (i32.load (i32.add (local.get $s)
          (i32.load (i32.add (local.get $cls) (i32.shl (i32.load8_u (local.get $i)) (i32.const 2)))))))
        (if (i32.eq (local.get $s) (local.get $sink))
          (then (return (call $confirm (local.get $i) (local.get $last)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (i32.const 0))

  ;; Where the escape at $i (an ESC) ends as the line cleaner removes it, or $i itself when cleaning leaves the ESC
  ;; in the text (keywords.ts `escapeEnd`, which says which sequences: a CSI, an OSC, a two-byte escape).
  (func $escapeEnd (param $i i32) (param $end i32) (result i32)
    (local $kind i32) (local $j i32)
    (if (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)) (then (return (local.get $i))))
    (local.set $kind (i32.load8_u offset=1 (local.get $i)))
    (local.set $j (i32.add (local.get $i) (i32.const 2)))
    (if (i32.eq (local.get $kind) (i32.const 91))
      (then
        ;; `ESC [`, parameter bytes 0x30–0x3f, intermediate bytes 0x20–0x2f, a final byte 0x40–0x7e.
        (block $params
          (loop $param
            (br_if $params (i32.ge_u (local.get $j) (local.get $end)))
            (br_if $params (i32.gt_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 0x30)) (i32.const 0x0f)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $param)))
        (block $middles
          (loop $middle
            (br_if $middles (i32.ge_u (local.get $j) (local.get $end)))
            (br_if $middles (i32.gt_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 0x20)) (i32.const 0x0f)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $middle)))
        (if (i32.lt_u (local.get $j) (local.get $end))
          (then (if (i32.le_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 0x40)) (i32.const 0x3e))
            (then (return (i32.add (local.get $j) (i32.const 1)))))))
        (return (local.get $i))))
    (if (i32.eq (local.get $kind) (i32.const 93))
      (then
        ;; `ESC ]` up to a BEL (taken), an `ESC \` (taken) or another ESC (left: an escape of its own).
        (block $body
          (loop $byte
            (br_if $body (i32.ge_u (local.get $j) (local.get $end)))
            (br_if $body (i32.eq (i32.load8_u (local.get $j)) (i32.const 7)))
            (br_if $body (i32.eq (i32.load8_u (local.get $j)) (i32.const 27)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $byte)))
        (if (i32.lt_u (local.get $j) (local.get $end))
          (then
            (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 7)) (then (return (i32.add (local.get $j) (i32.const 1)))))
            (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $end))
              (then (if (i32.eq (i32.load8_u offset=1 (local.get $j)) (i32.const 92))
                (then (return (i32.add (local.get $j) (i32.const 2)))))))))
        (return (local.get $j))))
    ;; A two-byte escape: ESC then 0x40–0x5a or 0x5c–0x5f.
    (if (i32.or (i32.le_u (i32.sub (local.get $kind) (i32.const 0x40)) (i32.const 0x1a))
                (i32.le_u (i32.sub (local.get $kind) (i32.const 0x5c)) (i32.const 3)))
      (then (return (i32.add (local.get $i) (i32.const 2)))))
    (local.get $i))

  ;; 1 when [$i, $last) holds a keyword in the text the line cleaner leaves (keywords.ts `exact`): an escape it removes
  ;; is skipped, and the text on either side of it joins; an ESC it keeps is a character no keyword holds, which
  ;; leads back to the root.
  (func $exact (param $i i32) (param $last i32) (result i32)
    (local $s i32) (local $b i32) (local $after i32) (local $cls i32) (local $sink i32)
    (local.set $s (global.get $root))
    (local.set $cls (global.get $cls))
    (local.set $sink (global.get $sink))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $last)))
        (local.set $b (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $b) (i32.const 27))
          (then
            (local.set $after (call $escapeEnd (local.get $i) (local.get $last)))
            (if (i32.gt_u (local.get $after) (local.get $i))
              (then (local.set $i (local.get $after)))
              (else
                (local.set $s (global.get $root))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))))
            (br $each)))
        (local.set $s (i32.load (i32.add (local.get $s)
          (i32.load (i32.add (local.get $cls) (i32.shl (local.get $b) (i32.const 2)))))))
        (if (i32.eq (local.get $s) (local.get $sink)) (then (return (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.const 0))

  ;; A line's result decided: 2 (an ESC may have taken the walk to the sink) becomes what `$exact` reads, from where
  ;; the line's text begins.
  (func $decide (param $r i32) (param $i i32) (param $last i32) (result i32)
    (if (i32.eq (local.get $r) (i32.const 2)) (then (return (call $exact (call $from (local.get $i) (local.get $last)) (local.get $last)))))
    (local.get $r))

  ;; 0 when [$from, $last) holds no keyword, else what $confirm says (1 for an anchored keyword at $from).
  (func $line (param $from i32) (param $last i32) (result i32)
    (if (call $atStart (local.get $from) (local.get $last)) (then (return (i32.const 1))))
    (call $walk (global.get $root) (local.get $from) (local.get $last)))

  ;; Two lines at once: their walks do not depend on each other, so the processor overlaps their table loads (one
  ;; walk waits on each load before the next). Returns line A's result plus line B's times 4.
  (func $pair (param $a i32) (param $lastA i32) (param $b i32) (param $lastB i32) (result i32)
    (local $sA i32) (local $sB i32) (local $rA i32) (local $rB i32) (local $cls i32) (local $sink i32)
    (local.set $rA (call $atStart (local.get $a) (local.get $lastA)))
    (local.set $rB (call $atStart (local.get $b) (local.get $lastB)))
    (if (i32.or (local.get $rA) (local.get $rB))
      (then
        (if (i32.eqz (local.get $rA)) (then (local.set $rA (call $walk (global.get $root) (local.get $a) (local.get $lastA)))))
        (if (i32.eqz (local.get $rB)) (then (local.set $rB (call $walk (global.get $root) (local.get $b) (local.get $lastB)))))
        (return (i32.add (local.get $rA) (i32.shl (local.get $rB) (i32.const 2))))))
    (local.set $sA (global.get $root))
    (local.set $sB (global.get $root))
    (local.set $cls (global.get $cls))
    (local.set $sink (global.get $sink))
    (block $apart
      (loop $both
        (br_if $apart (i32.ge_u (local.get $a) (local.get $lastA)))
        (br_if $apart (i32.ge_u (local.get $b) (local.get $lastB)))
        (local.set $sA (i32.load (i32.add (local.get $sA)
          (i32.load (i32.add (local.get $cls) (i32.shl (i32.load8_u (local.get $a)) (i32.const 2)))))))
        (local.set $sB (i32.load (i32.add (local.get $sB)
          (i32.load (i32.add (local.get $cls) (i32.shl (i32.load8_u (local.get $b)) (i32.const 2)))))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br_if $both (i32.and (i32.ne (local.get $sA) (local.get $sink)) (i32.ne (local.get $sB) (local.get $sink))))))
    ;; One walk reached the sink or its line's end: it is decided; the other goes on alone from where it is.
    (if (i32.eq (local.get $sA) (local.get $sink))
      (then (local.set $rA (call $confirm (i32.sub (local.get $a) (i32.const 1)) (local.get $lastA))))
      (else (if (i32.lt_u (local.get $a) (local.get $lastA))
        (then (local.set $rA (call $walk (local.get $sA) (local.get $a) (local.get $lastA)))))))
    (if (i32.eq (local.get $sB) (local.get $sink))
      (then (local.set $rB (call $confirm (i32.sub (local.get $b) (i32.const 1)) (local.get $lastB))))
      (else (if (i32.lt_u (local.get $b) (local.get $lastB))
        (then (local.set $rB (call $walk (local.get $sB) (local.get $b) (local.get $lastB)))))))
    (i32.add (local.get $rA) (i32.shl (local.get $rB) (i32.const 2))))

  ;; Where the text of the line [$i, $last) begins: past a GitHub timestamp (`2026-11-25T18:51:05.7197140Z `) when
  ;; more follows it (keywords.ts `timestampSkip`).
  (func $from (param $i i32) (param $last i32) (result i32)
    (if (i32.gt_s (i32.sub (local.get $last) (local.get $i)) (i32.const 29))
      (then (if (i32.and
                  (i32.and (i32.eq (i32.load8_u offset=4 (local.get $i)) (i32.const 45))
                           (i32.eq (i32.load8_u offset=10 (local.get $i)) (i32.const 84)))
                  (i32.and (i32.eq (i32.load8_u offset=27 (local.get $i)) (i32.const 90))
                           (i32.eq (i32.load8_u offset=28 (local.get $i)) (i32.const 32))))
        (then (return (i32.add (local.get $i) (i32.const 29)))))))
    (local.get $i))

  ;; The line's end without the CR before its LF.
  (func $last (param $i i32) (param $lf i32) (result i32)
    (if (i32.gt_u (local.get $lf) (local.get $i))
      (then (if (i32.eq (i32.load8_u (i32.sub (local.get $lf) (i32.const 1))) (i32.const 13))
        (then (return (i32.sub (local.get $lf) (i32.const 1)))))))
    (local.get $lf))

  ;; Writes a hit (the line's address + $delta, its index) at $hits when $found; returns where the next one goes.
  (func $hit (param $hits i32) (param $found i32) (param $at i32) (param $n i32) (result i32)
    (if (i32.eqz (local.get $found)) (then (return (local.get $hits))))
    (i32.store (local.get $hits) (local.get $at))
    (i32.store offset=4 (local.get $hits) (local.get $n))
    (i32.add (local.get $hits) (i32.const 8)))

  ;; The lines of [$p, $end) (which ends with a LF) that `scan` reports, as bits (line k: bit k; lines after the 32nd
  ;; are not read): for a few lines at once, where the hits and starts `scan` writes are not wanted (`lineBits`).
  ;; Two lines at a time, as `scan` walks them.
  (func (export "lineBits") (param $p i32) (param $end i32) (result i32)
    (local $i i32) (local $lf i32) (local $last i32) (local $j i32) (local $lf2 i32) (local $last2 i32)
    (local $n i32) (local $bits i32) (local $found i32)
    (local.set $i (local.get $p))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $done (i32.ge_u (local.get $n) (i32.const 32)))
        (local.set $lf (call $lineEnd (local.get $i) (local.get $end)))
        (local.set $last (call $last (local.get $i) (local.get $lf)))
        (local.set $j (i32.add (local.get $lf) (i32.const 1)))
        (if (i32.and (i32.lt_u (local.get $j) (local.get $end)) (i32.lt_u (local.get $n) (i32.const 31)))
          (then
            (local.set $lf2 (call $lineEnd (local.get $j) (local.get $end)))
            (local.set $last2 (call $last (local.get $j) (local.get $lf2)))
            (local.set $found (call $pair (call $from (local.get $i) (local.get $last)) (local.get $last)
                                          (call $from (local.get $j) (local.get $last2)) (local.get $last2)))
            (if (call $decide (i32.and (local.get $found) (i32.const 3)) (local.get $i) (local.get $last))
              (then (local.set $bits (i32.or (local.get $bits) (i32.shl (i32.const 1) (local.get $n))))))
            (if (call $decide (i32.shr_u (local.get $found) (i32.const 2)) (local.get $j) (local.get $last2))
              (then (local.set $bits (i32.or (local.get $bits) (i32.shl (i32.const 2) (local.get $n))))))
            (local.set $n (i32.add (local.get $n) (i32.const 2)))
            (local.set $i (i32.add (local.get $lf2) (i32.const 1)))
            (br $each)))
        (if (call $decide (call $line (call $from (local.get $i) (local.get $last)) (local.get $last)) (local.get $i) (local.get $last))
          (then (local.set $bits (i32.or (local.get $bits) (i32.shl (i32.const 1) (local.get $n))))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $i (local.get $j))
        (br $each)))
    (local.get $bits))

  ;; Scans the lines of [$p, $end) (which ends with a LF) as `scanLines` does: each line from past a GitHub timestamp
  ;; to its end without CR, two lines at a time. Writes (address + $delta, line index) for each line with a keyword
  ;; to $hits, and every line's address + $delta to $starts; returns how many hits, and leaves the number of lines
  ;; for `lines`.
  (func (export "scan") (param $p i32) (param $end i32) (param $hits i32) (param $starts i32) (param $delta i32) (result i32)
    (local $i i32) (local $lf i32) (local $last i32) (local $j i32) (local $lf2 i32) (local $last2 i32)
    (local $n i32) (local $out i32) (local $found i32)
    (local.set $i (local.get $p))
    (local.set $out (local.get $hits))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (i32.store (i32.add (local.get $starts) (i32.shl (local.get $n) (i32.const 2))) (i32.add (local.get $i) (local.get $delta)))
        (local.set $lf (call $lineEnd (local.get $i) (local.get $end)))
        (local.set $last (call $last (local.get $i) (local.get $lf)))
        (local.set $j (i32.add (local.get $lf) (i32.const 1)))
        (if (i32.lt_u (local.get $j) (local.get $end))
          (then
            (i32.store offset=4 (i32.add (local.get $starts) (i32.shl (local.get $n) (i32.const 2))) (i32.add (local.get $j) (local.get $delta)))
            (local.set $lf2 (call $lineEnd (local.get $j) (local.get $end)))
            (local.set $last2 (call $last (local.get $j) (local.get $lf2)))
            (local.set $found (call $pair (call $from (local.get $i) (local.get $last)) (local.get $last)
                                          (call $from (local.get $j) (local.get $last2)) (local.get $last2)))
            (local.set $out (call $hit (local.get $out)
                                       (call $decide (i32.and (local.get $found) (i32.const 3)) (local.get $i) (local.get $last))
                                       (i32.add (local.get $i) (local.get $delta)) (local.get $n)))
            (local.set $out (call $hit (local.get $out)
                                       (call $decide (i32.shr_u (local.get $found) (i32.const 2)) (local.get $j) (local.get $last2))
                                       (i32.add (local.get $j) (local.get $delta)) (i32.add (local.get $n) (i32.const 1))))
            (local.set $n (i32.add (local.get $n) (i32.const 2)))
            (local.set $i (i32.add (local.get $lf2) (i32.const 1)))
            (br $each)))
        (local.set $found (call $decide (call $line (call $from (local.get $i) (local.get $last)) (local.get $last))
                                        (local.get $i) (local.get $last)))
        (local.set $out (call $hit (local.get $out) (local.get $found) (i32.add (local.get $i) (local.get $delta)) (local.get $n)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $i (local.get $j))
        (br $each)))
    (global.set $lines (local.get $n))
    (i32.shr_u (i32.sub (local.get $out) (local.get $hits)) (i32.const 3)))

  ;; How many of the lines [$from, $to) of the last `scan` (by index; its line starts at $starts, each an address plus
  ;; $delta, and after the last one the region's end, which keywords.ts writes) a keep takes that holds $count lines
  ;; of $bytes bytes, as keep.ts's `LineKeep.addLines` counts them one by one (its `#admit`): a line is taken while
  ;; the keep holds fewer than $maxLines lines and the line's bytes (to its end without LF and CR, cut at $maxLine
  ;; bytes) fit in $maxBytes; the keep closes when a line does not fit, when it is full, or, with $until, after a line
  ;; that is plainly a GitHub group's end (keep.ts `isGroupEnd`). Returns the index of the first line not taken times
  ;; 2, plus 1 when the keep closed; writes the keep's bytes after at $out.
  (func (export "keep") (param $starts i32) (param $delta i32) (param $from i32) (param $to i32) (param $count i32)
    (param $bytes i32) (param $maxLines i32) (param $maxBytes i32) (param $maxLine i32) (param $until i32) (param $out i32)
    (result i32)
    (local $k i32) (local $start i32) (local $end i32) (local $closed i32) (local $at i32)
    (local.set $k (local.get $from))
    (local.set $at (i32.add (local.get $starts) (i32.shl (local.get $from) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $to)))
        (local.set $start (i32.sub (i32.load (local.get $at)) (local.get $delta)))
        ;; The line's LF is before the next line's start (or the region's end).
        (local.set $end (i32.sub (i32.sub (i32.load offset=4 (local.get $at)) (local.get $delta)) (i32.const 1)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (if (i32.gt_u (i32.sub (local.get $end) (local.get $start)) (local.get $maxLine))
          (then (local.set $end (i32.add (local.get $start) (local.get $maxLine)))))
        (if (i32.gt_u (local.get $end) (local.get $start))
          (then (if (i32.eq (i32.load8_u (i32.sub (local.get $end) (i32.const 1))) (i32.const 13))
            (then (local.set $end (i32.sub (local.get $end) (i32.const 1)))))))
        (if (i32.or (i32.ge_u (local.get $count) (local.get $maxLines))
                    (i32.gt_u (i32.add (local.get $bytes) (i32.sub (local.get $end) (local.get $start))) (local.get $maxBytes)))
          (then
            (local.set $closed (i32.const 1))
            (br $done)))
        (local.set $bytes (i32.add (local.get $bytes) (i32.sub (local.get $end) (local.get $start))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (if (i32.ge_u (local.get $count) (local.get $maxLines))
          (then
            (local.set $closed (i32.const 1))
            (br $done)))
        (if (local.get $until)
          (then (if (call $groupEnd (local.get $start) (local.get $end))
            (then
              (local.set $closed (i32.const 1))
              (br $done)))))
        (br $each)))
    (i32.store (local.get $out) (local.get $bytes))
    (i32.or (i32.shl (local.get $k) (i32.const 1)) (local.get $closed)))

  ;; 1 when the line [$start, $end) begins with `##[endgroup]`, after a GitHub timestamp or not, and holds no CR or
  ;; TAB after it (keep.ts `isGroupEnd`).
  (func $groupEnd (param $start i32) (param $end i32) (result i32)
    (local $at i32) (local $k i32)
    (local.set $at (select (local.get $start) (i32.add (local.get $start) (i32.const 29))
      (i32.eq (i32.load8_u (local.get $start)) (i32.const 35))))
    (if (i32.lt_s (i32.sub (local.get $end) (local.get $at)) (i32.const 12)) (then (return (i32.const 0))))
    ;; `##[endgr`, `oup]`.
    (if (i64.ne (i64.load align=1 (local.get $at)) (i64.const 0x7267646e_655b2323)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load offset=8 align=1 (local.get $at)) (i32.const 0x5d70756f)) (then (return (i32.const 0))))
    (if (i32.ne (local.get $at) (local.get $start))
      (then (if (i32.eqz (call $stamp (local.get $start) (local.get $end))) (then (return (i32.const 0))))))
    (local.set $k (i32.add (local.get $at) (i32.const 12)))
    (block $clean
      (loop $each
        (br_if $clean (i32.ge_u (local.get $k) (local.get $end)))
        (if (i32.or (i32.eq (i32.load8_u (local.get $k)) (i32.const 13)) (i32.eq (i32.load8_u (local.get $k)) (i32.const 9)))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each)))
    (i32.const 1))

  ;; 1 when [$s, $end) begins with GitHub's timestamp `2026-11-25T18:51:05.7197140Z ` and more follows it (keywords.ts
  ;; `isGithubTimestamp`): each byte minus what it should be ('0' for a digit) is at most 9 for a digit, 0 for a
  ;; separator, unsigned. Bytes 0-15, then 13-28.
  (func $stamp (param $s i32) (param $end i32) (result i32)
    (if (i32.le_s (i32.sub (local.get $end) (local.get $s)) (i32.const 29)) (then (return (i32.const 0))))
    (i32.and
      (i8x16.all_true (i8x16.le_u
        (i8x16.sub (v128.load align=1 (local.get $s))
          (v128.const i8x16 48 48 48 48 45 48 48 45 48 48 84 48 48 58 48 48))
        (v128.const i8x16 9 9 9 9 0 9 9 0 9 9 0 9 9 0 9 9)))
      (i8x16.all_true (i8x16.le_u
        (i8x16.sub (v128.load offset=13 align=1 (local.get $s))
          (v128.const i8x16 58 48 48 58 48 48 46 48 48 48 48 48 48 48 90 32))
        (v128.const i8x16 0 9 9 0 9 9 0 9 9 9 9 9 9 9 0 0)))))
)
