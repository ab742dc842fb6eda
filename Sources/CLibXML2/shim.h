#ifndef HTX_CLIBXML2_SHIM_H
#define HTX_CLIBXML2_SHIM_H
// xmlversion.h first, then switch ICU off: Debian's libxml2 headers include the
// system ICU, whose UErrorCode clashes with Foundation's own copy in debug builds.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#endif
