/* pdf_draw.c — QR codes and seals on a pdf_doc (work in progress: not drawn yet). */
#include "pdf.h"

#include "log.h"

int pdf_qr(struct pdf_doc *d, double x_mm, double y_mm, double size_mm, const char *text)
{
    log_error("pdf: pdf_qr not implemented yet");
    return -1;
}

int pdf_seal(struct pdf_doc *d, double cx_mm, double cy_mm, double diameter_mm,
             const char *org_name, const char *label)
{
    log_error("pdf: pdf_seal not implemented yet");
    return -1;
}
