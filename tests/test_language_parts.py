"""The Chinese inside English pages is marked lang="zh-CN"; nothing else on the page changes."""

from __future__ import annotations

from generator.site.language_parts import mark_chinese


def test_each_run_of_chinese_is_wrapped_once_with_its_numbers():
    assert mark_chinese("<p>See 附件1 and notice 闽人社办〔2025〕7号.</p>") == (
        '<p>See <span lang="zh-CN">附件1</span> and notice <span lang="zh-CN">闽人社办〔2025〕7号</span>.</p>'
    )


def test_chinese_already_marked_scripts_and_attributes_are_left_alone():
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>附件1</title><script>const a = "附件";</script></head>'
        '<body><p lang="zh-CN">项目<b>名称</b></p><input value="项目" placeholder="名称"><textarea>研修</textarea>'
        '<select><option>国家级</option></select><!-- 注释 --><p title="标题">&amp; &#x27;x&#x27;</p></body></html>'
    )
    assert mark_chinese(page) == page


def test_marking_twice_changes_nothing_more():
    once = mark_chinese("<ul><li>Collecting desk (附件3)</li><li>申报单位 · Applying organisation</li></ul>")
    assert mark_chinese(once) == once
    assert once.count('lang="zh-CN"') == 2
