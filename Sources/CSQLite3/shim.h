#ifndef HTX_CSQLITE3_SHIM_H
#define HTX_CSQLITE3_SHIM_H
#include <sqlite3.h>
#endif
