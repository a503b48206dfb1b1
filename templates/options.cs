<?cs each:o = Options ?><option value="<?cs var:o.value ?>"><?cs if:o.indent ?>　<?cs /if ?><?cs var:o.label ?></option><?cs /each ?>
