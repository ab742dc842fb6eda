#ifndef HTX_CINTRINSICS_SHIM_H
#define HTX_CINTRINSICS_SHIM_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

// Processor instructions Swift does not reach: a prefetch hint, and byte compares
// sixteen at a time (SSE2, which every x86-64 processor has). Swift's SIMD types
// compile their compares with a scalar operand to a loop over the lanes.

/// Asks the processor to start loading the cache line at `address` for a write soon.
static inline void htx_prefetch_for_write(const void *address) {
  __builtin_prefetch(address, 1, 3);
}

/// `count` zeroed 64-bit words for a table read at random places. From 2 MiB up they are
/// aligned to 2 MiB and the kernel is asked to back them with huge pages, so that a
/// look-up walks no page table for each 4 KiB page it lands on (a walk a virtual machine
/// makes twice). NULL when no memory is left; `htx_free_words` gives them back.
static inline uint64_t *htx_alloc_words(size_t count) {
  size_t bytes = (count > 0 ? count : 1) * sizeof(uint64_t);
  size_t page = (size_t)2 << 20;
  void *memory = NULL;
  if (bytes >= page && posix_memalign(&memory, page, bytes) == 0) {
    (void)madvise(memory, bytes, MADV_HUGEPAGE);
  } else {
    memory = malloc(bytes);
  }
  if (memory != NULL) memset(memory, 0, bytes);
  return (uint64_t *)memory;
}

/// Gives back words from `htx_alloc_words`.
static inline void htx_free_words(uint64_t *words) { free(words); }

/// 10 to the power `exponent` (0…15, taken modulo 16) as a double, exact: a table look,
/// where a switch compiles to a jump the processor mispredicts as the exponents vary.
static inline double htx_power_of_ten(long exponent) {
  static const double powers[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  return powers[exponent & 15];
}

#if defined(__SSE2__)
#include <immintrin.h>

static inline __m128i htx_bytes_at_least(__m128i bytes, unsigned char floor) {
  return _mm_cmpeq_epi8(_mm_max_epu8(bytes, _mm_set1_epi8((char)floor)), bytes);
}

static inline __m128i htx_bytes_at_most(__m128i bytes, unsigned char ceiling) {
  return _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8((char)ceiling)), bytes);
}

static inline __m128i htx_bytes_equal(__m128i bytes, unsigned char value) {
  return _mm_cmpeq_epi8(bytes, _mm_set1_epi8((char)value));
}

/// Checks the sixteen bytes at `p` as UTF-8, given the three before them (readable, and
/// valid up to a character that may run into the block). Returns 0 when a byte is wrong
/// for its place, 1 when all are right, 3 when all are right and none unsettles NFC by
/// the quick rule (code points below U+0300, or U+1E00–U+1EFF); -1 where the compares
/// are not available. A character that starts in the last three bytes is not checked to
/// its end: the caller's next block, or a character-at-a-time loop, does that.
///
/// Each byte is compared with the bytes one, two and three before it: a continuation byte
/// (80–BF) must follow a lead that needs it (C0 and up one byte back, E0 and up two, F0
/// and up three) and no other byte may; C0, C1 and F5–FF are never valid; the byte after
/// E0, ED, F0 or F4 has a narrower range (Unicode Table 3-7: no overlong forms, no
/// surrogates, nothing past U+10FFFF).
static inline int htx_utf8_block(const unsigned char *p) {
  __m128i current = _mm_loadu_si128((const __m128i *)p);
  __m128i back1 = _mm_loadu_si128((const __m128i *)(p - 1));
  // ASCII after no lead: nothing to check, nothing that unsettles NFC.
  if (_mm_movemask_epi8(current) == 0 && _mm_movemask_epi8(htx_bytes_at_least(back1, 0xC0)) == 0 && p[-2] < 0xE0
      && p[-3] < 0xF0) {
    return 3;
  }
  __m128i back2 = _mm_loadu_si128((const __m128i *)(p - 2));
  __m128i back3 = _mm_loadu_si128((const __m128i *)(p - 3));
  __m128i continuation = htx_bytes_equal(_mm_and_si128(current, _mm_set1_epi8((char)0xC0)), 0x80);
  __m128i expected = _mm_or_si128(
      htx_bytes_at_least(back1, 0xC0), _mm_or_si128(htx_bytes_at_least(back2, 0xE0), htx_bytes_at_least(back3, 0xF0)));
  __m128i fault = _mm_xor_si128(continuation, expected);
  fault = _mm_or_si128(fault, htx_bytes_equal(_mm_and_si128(current, _mm_set1_epi8((char)0xFE)), 0xC0));
  fault = _mm_or_si128(fault, htx_bytes_at_least(current, 0xF5));
  fault = _mm_or_si128(fault, _mm_andnot_si128(htx_bytes_at_least(current, 0xA0), htx_bytes_equal(back1, 0xE0)));
  fault = _mm_or_si128(fault, _mm_and_si128(htx_bytes_at_least(current, 0xA0), htx_bytes_equal(back1, 0xED)));
  fault = _mm_or_si128(fault, _mm_andnot_si128(htx_bytes_at_least(current, 0x90), htx_bytes_equal(back1, 0xF0)));
  fault = _mm_or_si128(fault, _mm_and_si128(htx_bytes_at_least(current, 0x90), htx_bytes_equal(back1, 0xF4)));
  if (_mm_movemask_epi8(fault) != 0) return 0;
  // Unsettling: a two-byte character from U+0300 (leads CC–DF), a three-byte one outside
  // U+1E00–U+1EFF (E1 B8…BB), a four-byte one; each told at its last byte, so that only
  // characters the block has checked to their end count.
  __m128i unsettled = _mm_andnot_si128(htx_bytes_at_least(back1, 0xE0), htx_bytes_at_least(back1, 0xCC));
  unsettled = _mm_or_si128(unsettled, htx_bytes_at_least(back3, 0xF0));
  __m128i threeByteLead = _mm_andnot_si128(htx_bytes_at_least(back2, 0xF0), htx_bytes_at_least(back2, 0xE0));
  __m128i latinExtended = _mm_and_si128(
      htx_bytes_equal(back2, 0xE1), _mm_and_si128(htx_bytes_at_least(back1, 0xB8), htx_bytes_at_most(back1, 0xBB)));
  unsettled = _mm_or_si128(unsettled, _mm_andnot_si128(latinExtended, threeByteLead));
  return _mm_movemask_epi8(unsettled) == 0 ? 3 : 1;
}

/// Whether the `count` bytes at `p` (sixteen or more) hold no byte that may start a line
/// break: none at or below 0x0D, no C2 (U+0085) and no E2 (U+2028, U+2029) lead. The
/// last block overlaps the one before it.
static inline int htx_no_line_break_lead(const unsigned char *p, long count) {
  __m128i seen = _mm_setzero_si128();
  long offset = 0;
  for (;;) {
    if (offset > count - 16) offset = count - 16;
    __m128i bytes = _mm_loadu_si128((const __m128i *)(p + offset));
    seen = _mm_or_si128(seen, htx_bytes_at_most(bytes, 0x0D));
    seen = _mm_or_si128(seen, _mm_or_si128(htx_bytes_equal(bytes, 0xC2), htx_bytes_equal(bytes, 0xE2)));
    if (offset == count - 16) break;
    offset += 16;
  }
  return _mm_movemask_epi8(seen) == 0;
}

#include <cpuid.h>

/// Whether the processor and the system run AVX2 instructions: CPUID leaf 7 says the
/// processor has them, and XCR0 says the system saves the vector registers they use.
static inline int htx_has_avx2(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  // OSXSAVE and AVX.
  if ((c & (1u << 27)) == 0 || (c & (1u << 28)) == 0) return 0;
  unsigned int low, high;
  __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  (void)high;
  if ((low & 6u) != 6u) return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b & (1u << 5)) != 0;
}

#define HTX_AVX2 __attribute__((target("avx2")))

HTX_AVX2 static inline __m256i htx_bytes_at_least32(__m256i bytes, unsigned char floor) {
  return _mm256_cmpeq_epi8(_mm256_max_epu8(bytes, _mm256_set1_epi8((char)floor)), bytes);
}

HTX_AVX2 static inline __m256i htx_bytes_at_most32(__m256i bytes, unsigned char ceiling) {
  return _mm256_cmpeq_epi8(_mm256_min_epu8(bytes, _mm256_set1_epi8((char)ceiling)), bytes);
}

HTX_AVX2 static inline __m256i htx_bytes_equal32(__m256i bytes, unsigned char value) {
  return _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8((char)value));
}

/// ``htx_utf8_block`` on the thirty-two bytes at `p`, for processors with AVX2 (call it
/// only where ``htx_has_avx2`` holds): the same compares, twice the bytes an instruction.
HTX_AVX2 static inline int htx_utf8_block32(const unsigned char *p) {
  __m256i current = _mm256_loadu_si256((const __m256i *)p);
  __m256i back1 = _mm256_loadu_si256((const __m256i *)(p - 1));
  if (_mm256_movemask_epi8(current) == 0 && _mm256_movemask_epi8(htx_bytes_at_least32(back1, 0xC0)) == 0
      && p[-2] < 0xE0 && p[-3] < 0xF0) {
    return 3;
  }
  __m256i back2 = _mm256_loadu_si256((const __m256i *)(p - 2));
  __m256i back3 = _mm256_loadu_si256((const __m256i *)(p - 3));
  __m256i continuation = htx_bytes_equal32(_mm256_and_si256(current, _mm256_set1_epi8((char)0xC0)), 0x80);
  __m256i expected = _mm256_or_si256(
      htx_bytes_at_least32(back1, 0xC0),
      _mm256_or_si256(htx_bytes_at_least32(back2, 0xE0), htx_bytes_at_least32(back3, 0xF0)));
  __m256i fault = _mm256_xor_si256(continuation, expected);
  fault = _mm256_or_si256(fault, htx_bytes_equal32(_mm256_and_si256(current, _mm256_set1_epi8((char)0xFE)), 0xC0));
  fault = _mm256_or_si256(fault, htx_bytes_at_least32(current, 0xF5));
  fault = _mm256_or_si256(
      fault, _mm256_andnot_si256(htx_bytes_at_least32(current, 0xA0), htx_bytes_equal32(back1, 0xE0)));
  fault = _mm256_or_si256(fault, _mm256_and_si256(htx_bytes_at_least32(current, 0xA0), htx_bytes_equal32(back1, 0xED)));
  fault = _mm256_or_si256(
      fault, _mm256_andnot_si256(htx_bytes_at_least32(current, 0x90), htx_bytes_equal32(back1, 0xF0)));
  fault = _mm256_or_si256(fault, _mm256_and_si256(htx_bytes_at_least32(current, 0x90), htx_bytes_equal32(back1, 0xF4)));
  if (_mm256_movemask_epi8(fault) != 0) return 0;
  __m256i unsettled = _mm256_andnot_si256(htx_bytes_at_least32(back1, 0xE0), htx_bytes_at_least32(back1, 0xCC));
  unsettled = _mm256_or_si256(unsettled, htx_bytes_at_least32(back3, 0xF0));
  __m256i threeByteLead = _mm256_andnot_si256(htx_bytes_at_least32(back2, 0xF0), htx_bytes_at_least32(back2, 0xE0));
  __m256i latinExtended = _mm256_and_si256(
      htx_bytes_equal32(back2, 0xE1),
      _mm256_and_si256(htx_bytes_at_least32(back1, 0xB8), htx_bytes_at_most32(back1, 0xBB)));
  unsettled = _mm256_or_si256(unsettled, _mm256_andnot_si256(latinExtended, threeByteLead));
  return _mm256_movemask_epi8(unsettled) == 0 ? 3 : 1;
}

/// Checks the blocks of thirty-two bytes from `p` with ``htx_utf8_block32`` while each is
/// right, stopping before a block with a fault or once fewer than 35 of the `available`
/// bytes are left (a block needs the three after it for the character it may end in);
/// returns how many bytes it checked, and sets `*unsettled` when one of them unsettles
/// NFC. One call for a run of blocks, so that the compares' constants are made once.
HTX_AVX2 static inline long htx_utf8_blocks32(const unsigned char *p, long available, int *unsettled) {
  long done = 0;
  while (done + 35 <= available) {
    int block = htx_utf8_block32(p + done);
    if (block <= 0) break;
    if ((block & 2) == 0) *unsettled = 1;
    done += 32;
  }
  return done;
}
#else
static inline int htx_utf8_block(const unsigned char *p) {
  (void)p;
  return -1;
}

static inline int htx_has_avx2(void) { return 0; }

static inline int htx_utf8_block32(const unsigned char *p) {
  (void)p;
  return -1;
}

static inline long htx_utf8_blocks32(const unsigned char *p, long available, int *unsettled) {
  (void)p;
  (void)available;
  (void)unsettled;
  return 0;
}

static inline int htx_no_line_break_lead(const unsigned char *p, long count) {
  (void)p;
  (void)count;
  return 0;
}
#endif

#endif
