from yiwang.tickets.views.knowledge_urls import urlpatterns as knowledge_patterns
from yiwang.tickets.views.portal.urls import urlpatterns as portal_patterns
from yiwang.tickets.views.stats_urls import stats_patterns
from yiwang.tickets.views.workbench.urls import urlpatterns as workbench_patterns

app_name = "tickets"

urlpatterns = [*portal_patterns, *workbench_patterns, *knowledge_patterns, *stats_patterns]
