/* xml_out.c: see xml_out.h. */
#include <libxml/parser.h>

#include "xml_out.h"

void nr_xml_init(void) {
    /* libxml2 sets up its global tables once; done before any thread may
     * write XML (the EPUB and DAISY sinks run beside the Opus encoders). */
    xmlInitParser();
}

bool nr_xml_open(nr_xml *x, bool declaration) {
    x->rc = 0;
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w) {
        xmlBufferFree(x->buf);
        x->buf = NULL;
        return false;
    }
    xmlTextWriterSetIndent(x->w, 1);
    xmlTextWriterSetIndentString(x->w, BAD_CAST "  ");
    if (declaration)
        nr_xml_check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
    return true;
}

void nr_xml_check(nr_xml *x, int rc) {
    if (rc < 0 && x->rc == 0)
        x->rc = rc;
}
void nr_xml_start(nr_xml *x, const char *name) {
    nr_xml_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}
void nr_xml_end(nr_xml *x) { nr_xml_check(x, xmlTextWriterEndElement(x->w)); }
void nr_xml_attr(nr_xml *x, const char *name, const char *value) {
    nr_xml_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
}
void nr_xml_text(nr_xml *x, const char *text) {
    nr_xml_check(x, xmlTextWriterWriteString(x->w, BAD_CAST text));
}
void nr_xml_raw(nr_xml *x, const char *markup) {
    nr_xml_check(x, xmlTextWriterWriteRaw(x->w, BAD_CAST markup));
}
void nr_xml_element(nr_xml *x, const char *name, const char *text) {
    nr_xml_start(x, name);
    nr_xml_text(x, text ? text : "");
    nr_xml_end(x);
}

const char *nr_xml_finish(nr_xml *x, size_t *len) {
    if (!x->w)
        return NULL;
    nr_xml_check(x, xmlTextWriterEndDocument(x->w));
    xmlFreeTextWriter(x->w); /* flushes into buf */
    x->w = NULL;
    if (x->rc < 0)
        return NULL;
    *len = (size_t)xmlBufferLength(x->buf);
    return (const char *)xmlBufferContent(x->buf);
}

void nr_xml_free(nr_xml *x) {
    if (x->w)
        xmlFreeTextWriter(x->w);
    xmlBufferFree(x->buf);
    x->w = NULL;
    x->buf = NULL;
}
