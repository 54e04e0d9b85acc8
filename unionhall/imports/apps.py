"""Excel 导入：会员花名册与用人单位名录（上传、列映射、校验预览、提交）。"""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "unionhall.imports"
    label = "imports"
    verbose_name = "导入"
    todo = "unionhall.imports.todo.todo"
