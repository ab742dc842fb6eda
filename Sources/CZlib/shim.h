#ifndef HTX_CZLIB_SHIM_H
#define HTX_CZLIB_SHIM_H
#include <zlib.h>
#endif
