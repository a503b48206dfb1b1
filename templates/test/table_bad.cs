<p><?cs var:cell(0, "no_such_column") ?></p>
