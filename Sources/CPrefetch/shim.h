#ifndef HTX_CPREFETCH_SHIM_H
#define HTX_CPREFETCH_SHIM_H

/// Asks the processor to start loading the cache line at `address` for a write soon.
/// Swift has no prefetch of its own; a hash table lookup a few records ahead uses it.
static inline void htx_prefetch_for_write(const void *address) {
  __builtin_prefetch(address, 1, 3);
}

#endif
