/* xml_out.h: writing XML and XHTML documents into memory with libxml2's
 * xmlTextWriter (escaping is the writer's job), remembering the first
 * failure so callers write straight-line code and check once. */
#ifndef TUTUR_XML_OUT_H
#define TUTUR_XML_OUT_H

#include <libxml/xmlwriter.h>

#include "internal.h"

typedef struct nr_xml {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int rc; /* the first negative result */
} nr_xml;

/* Once, before threads: libxml2's global set-up (tutur_ctx_create). */
void nr_xml_init(void);
/* DECLARATION: start with <?xml version="1.0" encoding="UTF-8"?>. */
bool nr_xml_open(nr_xml *x, bool declaration);
void nr_xml_check(nr_xml *x, int rc);
void nr_xml_start(nr_xml *x, const char *name);
void nr_xml_end(nr_xml *x);
void nr_xml_attr(nr_xml *x, const char *name, const char *value);
void nr_xml_text(nr_xml *x, const char *text);
void nr_xml_raw(nr_xml *x, const char *markup);
/* <NAME>TEXT</NAME> */
void nr_xml_element(nr_xml *x, const char *name, const char *text);
/* Ends the document; the bytes stay owned by X.  NULL when anything failed. */
const char *nr_xml_finish(nr_xml *x, size_t *len);
void nr_xml_free(nr_xml *x);

#endif
