<?cs def:cells(r) ?><td class="m"><?cs var:cell(r, "a") ?></td><?cs /def ?>
<table id="t"><?cs loop:i = 0, Table.Rows - 1 ?><tr><td title="<?cs var:cell(i, "b") ?>"><?cs var:cell(i, "a") ?></td><td><?cs if:cell(i, "b") ?>B<?cs else ?>-<?cs /if ?></td><?cs call:cells(i) ?><td class="c"><?cs var:cell(i, "c") ?></td></tr>
<?cs /loop ?></table>
<p id="edge">[<?cs var:cell(Table.Rows, "a") ?>][<?cs var:cell(-1, "a") ?>][<?cs var:cell(0 + 1, "a") ?>][<?cs var:cell(1, Table.Column) ?>]</p>
