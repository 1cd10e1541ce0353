"""The county's rubrics (评分细则) for its five campaigns, as seed data.

Pure data: one dict per campaign type (放心食堂, 文明宿舍, 放心超市, 绿色生态校园, 后勤管理先进单位), with
sections and scoring items shaped like ``RubricSection`` / ``RubricItem``. Non-veto items of a rubric
add up to 100 points; veto items (一票否决) carry 0 points. An item may be bound to a figure the
ledgers already hold (``LedgerFigure``), which the self-assessment shows beside the principal's score.

The texts follow the provincial and county work plans (鄂价费〔2017〕5号, 湖北省学校食堂安全管理规范,
the boarding-school "十有八配套" standard, the county's 食品留样 and 色标管理 rules) and the
一票否决 conditions of SPEC §6.
"""


from inspections.rubric_seeds.campus import CAMPUS_RUBRIC
from inspections.rubric_seeds.canteen import CANTEEN_RUBRIC
from inspections.rubric_seeds.dormitory import DORMITORY_RUBRIC
from inspections.rubric_seeds.logistics import LOGISTICS_RUBRIC
from inspections.rubric_seeds.shop import SHOP_RUBRIC

RUBRICS = [CANTEEN_RUBRIC, DORMITORY_RUBRIC, SHOP_RUBRIC, CAMPUS_RUBRIC, LOGISTICS_RUBRIC]
