<section class="wrap">
  <p><a href="/maint/<?cs var:Kind.slug ?>">← 返回<?cs var:Kind.label ?>列表</a></p>
  <h1>批量导入<?cs var:Kind.label ?></h1>
  <?cs if:Import.Error ?><p class="form-error" role="alert"><?cs var:Import.Error ?></p><?cs /if ?>
  <?cs if:!Import.Token ?>
  <ol class="steps">
    <li><a href="/maint/<?cs var:Kind.slug ?>/template.xlsx">下载导入模板</a>，按“填写说明”填写（标题有颜色的列为必填）。</li>
    <li>上传填好的 Excel（.xlsx）或 CSV 文件，系统逐行检查并列出错误和警告。</li>
    <li>没有错误时确认导入；导入后的信息为“待上报”，选中后审核上报。</li>
  </ol>
  <form class="card" method="post" action="/maint/<?cs var:Kind.slug ?>/import" enctype="multipart/form-data">
    <?cs call:csrf_field() ?>
    <div class="field">
      <label for="f-file">导入文件</label>
      <input id="f-file" name="file" type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv">
    </div>
    <button class="btn" type="submit">上传并检查</button>
  </form>
  <?cs else ?>
  <?cs each:im = Preview ?>
  <dl class="facts">
    <dt>文件</dt><dd><?cs var:im.file_name ?></dd>
    <dt>数据行</dt><dd><?cs var:im.nrows ?> 行</dd>
    <dt>有错误的行</dt><dd><?cs if:im.nerrors > 0 ?><strong class="text-error"><?cs var:im.nerrors ?> 行</strong><?cs else ?>无<?cs /if ?></dd>
    <dt>有警告的行</dt><dd><?cs if:im.nwarnings > 0 ?><strong class="text-warn"><?cs var:im.nwarnings ?> 行</strong><?cs else ?>无<?cs /if ?></dd>
  </dl>
  <?cs if:im.imported == "t" ?>
  <p class="notice">该文件已导入。<a href="/maint/<?cs var:Kind.slug ?>">查看列表</a></p>
  <?cs elif:im.nerrors > 0 ?>
  <p class="form-error" role="alert">文件中有 <?cs var:im.nerrors ?> 行错误，不能导入。请在表格中改正后<a href="/maint/<?cs var:Kind.slug ?>/import">重新上传</a>。</p>
  <?cs else ?>
  <form class="card" method="post" action="/maint/<?cs var:Kind.slug ?>/import/<?cs var:Import.Token ?>">
    <?cs call:csrf_field() ?>
    <?cs if:im.nwarnings > 0 ?><label class="check"><input type="checkbox" name="accept_warnings" value="1"> 已核对 <?cs var:im.nwarnings ?> 行警告，确认导入</label><?cs /if ?>
    <p>共 <?cs var:im.nrows ?> 行，全部导入或全部不导入。</p>
    <button class="btn" type="submit">确认导入</button>
  </form>
  <?cs /if ?>
  <?cs /each ?>
  <nav class="tabs" aria-label="显示">
    <a href="/maint/<?cs var:Kind.slug ?>/import/<?cs var:Import.Token ?>"<?cs if:Filter.Problems ?> class="current"<?cs /if ?>>有问题的行</a>
    <a href="/maint/<?cs var:Kind.slug ?>/import/<?cs var:Import.Token ?>?only=all"<?cs if:!Filter.Problems ?> class="current"<?cs /if ?>>全部行</a>
  </nav>
  <div class="table-wrap">
  <table class="list import-preview">
    <thead><tr><th>行号</th><th>检查结果</th><?cs each:f = Fields ?><th><?cs var:f.label ?></th><?cs /each ?></tr></thead>
    <tbody>
    <?cs each:row = Rows ?><?cs if:row.row_no ?>
    <tr class="<?cs if:row.errors ?>row-error<?cs elif:row.warnings ?>row-warn<?cs /if ?>">
      <td><?cs var:row.row_no ?></td>
      <td class="small check-result"><?cs if:row.errors ?><span class="text-error">错误：<?cs var:row.errors ?></span><?cs /if ?><?cs if:row.warnings ?><?cs if:row.errors ?><br><?cs /if ?><span class="text-warn">警告：<?cs var:row.warnings ?></span><?cs /if ?><?cs if:!row.errors && !row.warnings ?>通过<?cs /if ?></td>
      <?cs each:cell = row.cells ?><td><?cs var:cell ?></td><?cs /each ?>
    </tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  </div>
  <nav class="pager" aria-label="分页">
    <?cs if:Pager.Page > 1 ?><a href="?page=<?cs var:Pager.Page - 1 ?><?cs if:!Filter.Problems ?>&amp;only=all<?cs /if ?>">上一页</a><?cs /if ?>
    <?cs if:Pager.Next ?><a href="?page=<?cs var:Pager.Next ?><?cs if:!Filter.Problems ?>&amp;only=all<?cs /if ?>">下一页</a><?cs /if ?>
  </nav>
  <?cs /if ?>
</section>
