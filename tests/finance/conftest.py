"""Banks beside the shared world: 上蔡县农村信用合作联社 (the 驻马店 side, own scope), 驻马店银行
(same city) and 鲁山县农村信用合作联社 (平顶山, the other scope), each with one 金融机构用户."""

import pytest

from clusterzone.accounts.choices import Role, UnitKind

from .. import factories as f


@pytest.fixture
def banks(world):
    class Banks:
        pass

    b = Banks()
    b.shangcai = f.OrgUnitFactory(name="上蔡县农村信用合作联社", region=world.shangcai, kind=UnitKind.BANK)
    b.city = f.OrgUnitFactory(name="驻马店银行", region=world.zmd, kind=UnitKind.BANK)
    b.lushan = f.OrgUnitFactory(name="鲁山县农村信用合作联社", region=world.lushan, kind=UnitKind.BANK)
    b.shangcai_user = f.UserFactory(username="bank_sc", unit=b.shangcai, roles=[Role.BANK_STAFF])
    b.city_user = f.UserFactory(username="bank_city", unit=b.city, roles=[Role.BANK_STAFF])
    b.lushan_user = f.UserFactory(username="bank_ls", unit=b.lushan, roles=[Role.BANK_STAFF])
    return b
