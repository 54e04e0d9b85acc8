"""文件：打印文件（PDF）的出具、编号与公开核验；上传文件的检查与保存。各模块共用。"""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "unionhall.documents"
    label = "documents"
    verbose_name = "文件"
